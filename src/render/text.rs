//! Label text: Mermaid's stored label (sanitised HTML, or a markdown string) turned into lines of
//! styled runs, and measured with the advance widths of DejaVu Sans.
//!
//! The SVG names [`FONT_STACK`], whose first font is the one measured, so that boxes fit the text
//! wherever that font is installed; Verdana, next in the stack, is of similar width.

use unicode_width::UnicodeWidthChar;

use super::font_metrics::{BOLD, REGULAR, UNITS_PER_EM};

/// The font stack written into the SVG; its first font is the one [`measure`] uses.
pub const FONT_STACK: &str = "'DejaVu Sans', Verdana, Geneva, 'Bitstream Vera Sans', sans-serif";

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f64 = 1.5;

/// Width of a character the tables do not cover and that is not wide, in ems (close to the
/// average Latin advance of DejaVu Sans).
const FALLBACK_EM: f64 = 0.62;

/// A piece of a line in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text, plain (no markup, entities decoded).
    pub text: String,
    /// Bold (`<b>`, `<strong>`, `**…**`).
    pub bold: bool,
    /// Italic (`<i>`, `<em>`, `*…*`, `_…_`).
    pub italic: bool,
}

/// A label: lines of runs, ready to measure and draw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RichText {
    /// The lines; an empty label has none.
    pub lines: Vec<Vec<Run>>,
}

impl RichText {
    /// Reads a label as Mermaid stores it; `label_type` is `text`, `string` or `markdown`.
    pub fn from_label(text: &str, label_type: &str) -> RichText {
        // Mermaid's placeholders (`ﬂ°quot¶ß`) back to `#quot;`, which `read_html` decodes.
        let text = crate::syntax::parser::decode_entity_placeholders(text);
        let mut b = Builder::default();
        if label_type == "markdown" {
            read_markdown(&text, &mut b);
        } else {
            read_html(&text, &mut b, false);
        }
        b.finish()
    }

    /// Whether there is no visible text.
    pub fn is_empty(&self) -> bool {
        self.lines
            .iter()
            .all(|l| l.iter().all(|r| r.text.trim().is_empty()))
    }

    /// The text without styling, lines joined with `\n`.
    pub fn plain(&self) -> String {
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|l| l.iter().map(|r| r.text.as_str()).collect())
            .collect();
        lines.join("\n")
    }

    /// The text with lines longer than `max` pixels broken between words (a single word longer
    /// than `max` keeps its line), as Mermaid wraps markdown strings.
    pub fn wrapped(&self, max: f64, size: f64) -> RichText {
        let space = measure(" ", size, false);
        let mut lines = Vec::new();
        for line in &self.lines {
            let mut current: Vec<Run> = Vec::new();
            let mut width = 0.0;
            for (space_style, word) in words(line) {
                let w: f64 = word.iter().map(|r| measure(&r.text, size, r.bold)).sum();
                if !current.is_empty() && width + space + w > max {
                    lines.push(std::mem::take(&mut current));
                    width = 0.0;
                }
                if !current.is_empty() {
                    push_run(&mut current, " ", space_style.0, space_style.1);
                    width += space;
                }
                for r in word {
                    push_run(&mut current, &r.text, r.bold, r.italic);
                }
                width += w;
            }
            lines.push(current);
        }
        RichText { lines }
    }

    /// Width and height of the text block at `size` pixels.
    pub fn size(&self, size: f64) -> (f64, f64) {
        let width = self
            .lines
            .iter()
            .map(|l| {
                l.iter()
                    .map(|r| measure(&r.text, size, r.bold))
                    .sum::<f64>()
            })
            .fold(0.0, f64::max);
        (width, self.lines.len() as f64 * size * LINE_HEIGHT)
    }
}

/// Width in pixels of `text` set in DejaVu Sans at `size` pixels; wide characters (CJK, Hangul,
/// emoji) count one em, zero-width ones (combining marks, joiners, variation selectors) nothing.
pub fn measure(text: &str, size: f64, bold: bool) -> f64 {
    let table = if bold { BOLD } else { REGULAR };
    let mut units = 0.0;
    for c in text.chars() {
        units += match table.binary_search_by_key(&(c as u32), |&(cp, _)| cp) {
            Ok(i) => f64::from(table[i].1),
            Err(_) => match c.width() {
                Some(2) => UNITS_PER_EM,
                Some(0) | None => 0.0,
                _ if is_emoji_presentation(c) => UNITS_PER_EM,
                _ => FALLBACK_EM * UNITS_PER_EM,
            },
        };
    }
    units * size / UNITS_PER_EM
}

/// The words of a line (split at spaces), each as the styled pieces it is made of, with the
/// style (bold, italic) of the space before it.
fn words(line: &[Run]) -> Vec<((bool, bool), Vec<Run>)> {
    let mut words = Vec::new();
    let mut word: Vec<Run> = Vec::new();
    let mut space = (false, false);
    for run in line {
        for (i, piece) in run.text.split(' ').enumerate() {
            if i > 0 {
                if !word.is_empty() {
                    words.push((space, std::mem::take(&mut word)));
                }
                space = (run.bold, run.italic);
            }
            if !piece.is_empty() {
                push_run(&mut word, piece, run.bold, run.italic);
            }
        }
    }
    if !word.is_empty() {
        words.push((space, word));
    }
    words
}

/// Appends `text` to the last run when it has the same style, else as a new run.
fn push_run(runs: &mut Vec<Run>, text: &str, bold: bool, italic: bool) {
    match runs.last_mut() {
        Some(r) if r.bold == bold && r.italic == italic => r.text.push_str(text),
        _ => runs.push(Run {
            text: text.to_string(),
            bold,
            italic,
        }),
    }
}

/// Pictographs that take an emoji presentation in labels though East Asian Width calls them
/// narrow (`☁️`, `⚙️`, `⚖️` …: a text-default symbol followed by U+FE0F).
fn is_emoji_presentation(c: char) -> bool {
    matches!(c as u32, 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF)
}

/// The character of a named HTML entity, for the names labels use.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "bull" => '•',
        "middot" => '·',
        "deg" => '°',
        "times" => '×',
        "rarr" => '→',
        "larr" => '←',
        "harr" => '↔',
        "uarr" => '↑',
        "darr" => '↓',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hearts" => '♥',
        "check" => '✓',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "sect" => '§',
        "para" => '¶',
        "plusmn" => '±',
        "micro" => 'µ',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

/// Collects runs and lines while the markup is read.
#[derive(Default)]
struct Builder {
    lines: Vec<Vec<Run>>,
    line: Vec<Run>,
    bold: u32,
    italic: u32,
}

impl Builder {
    fn push_char(&mut self, c: char) {
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        match self.line.last_mut() {
            Some(r) if r.bold == bold && r.italic == italic => r.text.push(c),
            _ => self.line.push(Run {
                text: c.to_string(),
                bold,
                italic,
            }),
        }
    }

    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push_char(c);
        }
    }

    fn break_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        self.lines.push(line);
    }

    fn finish(mut self) -> RichText {
        self.break_line();
        // Collapse white space as HTML does, and drop empty lines at the ends.
        for line in &mut self.lines {
            collapse_spaces(line);
        }
        while self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.pop();
        }
        let first = self.lines.iter().position(|l| !l.is_empty());
        let lines = match first {
            Some(k) => self.lines.split_off(k),
            None => Vec::new(),
        };
        RichText { lines }
    }
}

/// Collapses runs of white space to one space and trims the line's ends.
fn collapse_spaces(line: &mut Vec<Run>) {
    let mut prev_space = true;
    for run in line.iter_mut() {
        let mut t = String::with_capacity(run.text.len());
        for c in run.text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{C}') {
                if !prev_space {
                    t.push(' ');
                }
                prev_space = true;
            } else {
                t.push(c);
                prev_space = false;
            }
        }
        run.text = t;
    }
    if let Some(last) = line.last_mut() {
        let trimmed = last.text.trim_end_matches(' ').len();
        last.text.truncate(trimmed);
    }
    line.retain(|r| !r.text.is_empty());
}

/// Reads sanitised HTML: `<br>` breaks lines, `<b>`/`<strong>` and `<i>`/`<em>` style, other
/// tags are dropped with their text kept, entities are decoded.
fn read_html(text: &str, b: &mut Builder, newline_breaks: bool) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => match rest.find('>') {
                Some(end) => {
                    tag(&rest[1..end], b);
                    rest = &rest[end + 1..];
                }
                None => {
                    b.push_char('<');
                    rest = &rest[1..];
                }
            },
            '#' if mermaid_entity(rest).is_some() => {
                let (ch, used) = mermaid_entity(rest).unwrap_or(('#', 1));
                b.push_char(ch);
                rest = &rest[used..];
            }
            '&' => {
                let (decoded, used) = entity(rest);
                match decoded {
                    Some(ch) => b.push_char(ch),
                    None => b.push_str(&rest[..used]),
                }
                rest = &rest[used..];
            }
            '\n' if newline_breaks => {
                b.break_line();
                rest = &rest[1..];
            }
            _ => {
                b.push_char(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
}

/// Applies one tag (the text between `<` and `>`).
fn tag(inner: &str, b: &mut Builder) {
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let counter = match name.as_str() {
        "br" => {
            b.break_line();
            return;
        }
        "p" | "div" if closing => {
            b.break_line();
            return;
        }
        "b" | "strong" => &mut b.bold,
        "i" | "em" => &mut b.italic,
        _ => return,
    };
    if closing {
        *counter = counter.saturating_sub(1);
    } else {
        *counter += 1;
    }
}

/// Text with Mermaid's entity placeholders (`ﬂ°quot¶ß` for `#quot;`, `ﬂ°°35¶ß` for `#35;`, as
/// its preprocessing writes them) turned into the characters they stand for, as Mermaid's
/// `decodeEntities` and the browser do before a link or tooltip is used; an entity with no
/// known character stays as `&name;`.
pub fn decode_entity_placeholders(text: &str) -> String {
    const OPEN: &str = "\u{FB02}\u{B0}";
    const CLOSE: &str = "\u{B6}\u{DF}";
    if !text.contains(OPEN) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find(OPEN) {
        out.push_str(&rest[..k]);
        let after = &rest[k + OPEN.len()..];
        let (numeric, body) = match after.strip_prefix('\u{B0}') {
            Some(b) => (true, b),
            None => (false, after),
        };
        match body.find(CLOSE) {
            Some(e) => {
                let reference = format!("&{}{};", if numeric { "#" } else { "" }, &body[..e]);
                match entity(&reference) {
                    (Some(c), n) if n == reference.len() => out.push(c),
                    _ => out.push_str(&reference),
                }
                rest = &body[e + CLOSE.len()..];
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the entity at the start of `s` (which starts with `&`): the character, if any, and
/// how many bytes were read.
fn entity(s: &str) -> (Option<char>, usize) {
    let Some(semi) = s[1..].find(';').map(|k| k + 1).filter(|&k| k <= 12) else {
        return (None, 1);
    };
    let body = &s[1..semi];
    let decoded = if let Some(hex) = body.strip_prefix("#x").or_else(|| body.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
    } else if let Some(dec) = body.strip_prefix('#') {
        dec.parse::<u32>().ok().and_then(char::from_u32)
    } else {
        named_entity(body)
    };
    match decoded {
        Some(c) => (Some(c), semi + 1),
        None => (None, 1),
    }
}

/// Mermaid's entity code at the start of `s` (`#quot;`, `#9829;`): the character and how many
/// bytes it takes; `None` when `s` does not start with one Mermaid would decode to a character.
fn mermaid_entity(s: &str) -> Option<(char, usize)> {
    let body_len = s[1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len() - 1);
    if body_len == 0 || s.as_bytes().get(1 + body_len) != Some(&b';') {
        return None;
    }
    let body = &s[1..1 + body_len];
    let c = if body.bytes().all(|b| b.is_ascii_digit()) {
        body.parse::<u32>().ok().and_then(char::from_u32)
    } else {
        named_entity(body)
    }?;
    Some((c, body_len + 2))
}

/// Reads a markdown string as Mermaid's `markdownToLines` does: new lines break, `**…**` is
/// bold, `*…*` and `_…_` italic; HTML inside is read as HTML.
fn read_markdown(text: &str, b: &mut Builder) {
    let mut html = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let (mut bold, mut italic) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '*' && chars.get(i + 1) == Some(&'*') {
            if bold || has_closing(&chars[i + 2..], "**") {
                html.push_str(if bold { "</b>" } else { "<b>" });
                bold = !bold;
                i += 2;
                continue;
            }
        } else if (c == '*' || c == '_')
            && (italic || has_closing(&chars[i + 1..], if c == '*' { "*" } else { "_" }))
        {
            html.push_str(if italic { "</i>" } else { "<i>" });
            italic = !italic;
            i += 1;
            continue;
        }
        html.push(c);
        i += 1;
    }
    read_html(&html, b, true);
}

/// Whether `marker` occurs in `rest` after at least one character.
fn has_closing(rest: &[char], marker: &str) -> bool {
    let m: Vec<char> = marker.chars().collect();
    rest.windows(m.len()).skip(1).any(|w| w == m.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &RichText) -> Vec<String> {
        t.plain().lines().map(str::to_string).collect()
    }

    #[test]
    fn br_breaks_lines_and_tags_style_runs() {
        let t = RichText::from_label("👥 실사용자<br>(1만~10만 명)", "string");
        assert_eq!(lines(&t), ["👥 실사용자", "(1만~10만 명)"]);
        let t = RichText::from_label("a <b>bold</b> and <em>it</em>", "text");
        assert_eq!(t.lines.len(), 1);
        let bold: Vec<&str> = t.lines[0]
            .iter()
            .filter(|r| r.bold)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(bold, ["bold"]);
        assert!(t.lines[0].iter().any(|r| r.italic && r.text == "it"));
    }

    #[test]
    fn entities_and_placeholders_are_decoded() {
        let t = RichText::from_label("a &lt;b&gt; &amp; ﬂ°quot¶ßqﬂ°°9829¶ß &bogus;", "text");
        assert_eq!(t.plain(), "a <b> & \"q♥ &bogus;");
        let t = RichText::from_label("#quot;x#quot; #9829; #bogus; #1 #", "text");
        assert_eq!(t.plain(), "\"x\" ♥ #bogus; #1 #");
    }

    #[test]
    fn markdown_strings() {
        let t = RichText::from_label("**Bold** and *em*\nsecond line", "markdown");
        assert_eq!(lines(&t), ["Bold and em", "second line"]);
        assert!(t.lines[0][0].bold);
        assert!(t.lines[0].iter().any(|r| r.italic && r.text == "em"));
        let t = RichText::from_label("2 * 3 = 6", "markdown");
        assert_eq!(t.plain(), "2 * 3 = 6");
    }

    #[test]
    fn wrapping_breaks_between_words_and_keeps_styles() {
        let t = RichText::from_label("**one two** three four five six seven", "markdown");
        let w = t.wrapped(100.0, 16.0);
        assert!(w.lines.len() > 1);
        for line in &w.lines {
            let width: f64 = line.iter().map(|r| measure(&r.text, 16.0, r.bold)).sum();
            assert!(
                width <= 100.0 || !line.iter().any(|r| r.text.contains(' ')),
                "{line:?}"
            );
        }
        assert_eq!(w.plain().replace('\n', " "), t.plain());
        assert!(w.lines[0][0].bold && w.lines[0][0].text.starts_with("one"));
        let long = RichText::from_label("supercalifragilistic", "markdown");
        assert_eq!(long.wrapped(10.0, 16.0), long);
        let short = RichText::from_label("**Bold** and *em*", "markdown");
        assert_eq!(short.wrapped(200.0, 16.0), short);
    }

    #[test]
    fn wide_characters_measure_one_em() {
        assert_eq!(measure("가나", 16.0, false), 32.0);
        assert_eq!(measure("中", 10.0, false), 10.0);
        assert_eq!(measure("👥", 16.0, false), 16.0);
        assert_eq!(measure("☁\u{FE0F}", 16.0, false), 16.0);
        let m = measure("m", 16.0, false);
        let i = measure("i", 16.0, false);
        assert!(m > 2.0 * i, "m {m} i {i}");
        assert!(measure("Hello", 16.0, true) > measure("Hello", 16.0, false));
    }

    #[test]
    fn size_of_lines() {
        let t = RichText::from_label("ab<br/>abcd", "text");
        let (w, h) = t.size(16.0);
        assert_eq!(w, measure("abcd", 16.0, false));
        assert_eq!(h, 2.0 * 16.0 * LINE_HEIGHT);
        assert!(RichText::from_label("  <br> ", "text").is_empty());
    }
}
