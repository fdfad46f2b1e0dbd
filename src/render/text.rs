//! Label text: Mermaid's stored label (sanitised HTML, or a markdown string) turned into lines of
//! styled runs, and measured with the advance widths of DejaVu Sans.
//!
//! The SVG names [`FONT_STACK`], whose first font is the one measured, so that boxes fit the text
//! wherever that font is installed; Verdana, next in the stack, is of similar width. Hangul and
//! CJK, which DejaVu Sans lacks, are drawn with [`CJK_FONT_STACK`] and measured as those fonts
//! draw them, and emoji ([`emoji_runs`]) are drawn with [`EMOJI_FONT_STACK`] and measured as Noto
//! Color Emoji draws them ([`font_runs`] cuts a text into these runs).

use unicode_width::UnicodeWidthChar;

use super::font_metrics::{BOLD, REGULAR, UNITS_PER_EM};

/// The font stack written into the SVG; its first font is the one [`measure`] uses. The CJK
/// families after the Latin ones are where a viewer finds Hangul, kana and ideographs outside
/// CJK runs (Linux, macOS, Windows). No emoji font is named here: Pango (rsvg, Inkscape) would
/// then draw digits, `#` and `*` from it (they are emoji keycap bases); emoji runs name their
/// own ([`EMOJI_FONT_STACK`]).
pub const FONT_STACK: &str = "'DejaVu Sans', Verdana, Geneva, 'Bitstream Vera Sans', \
     'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans CJK JP', \
     'Hiragino Sans', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";

/// The font stack of an emoji run ([`emoji_runs`]): the colour emoji fonts of macOS, Windows
/// and Linux, so that a pictograph the text font also has (☁, ⚡, ✅ in DejaVu Sans) is still
/// drawn in colour.
pub const EMOJI_FONT_STACK: &str =
    "'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji', 'Noto Emoji', sans-serif";

/// The font stack of a Hangul, kana or CJK run ([`font_runs`]): the CJK fonts of Linux, macOS
/// and Windows, Korean first (the corpus is Korean). Naming them on the run, rather than
/// relying on the viewer's fallback, keeps rasterisers that fall back to the first font with
/// the character (resvg: a serif) on a sans-serif one.
pub const CJK_FONT_STACK: &str = "'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', \
     'Malgun Gothic', 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', 'Noto Sans CJK SC', \
     'PingFang SC', 'Microsoft YaHei', sans-serif";

/// Which font stack a run of text is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// The text stack, [`FONT_STACK`].
    Text,
    /// Hangul, kana, CJK ideographs and full-width forms: [`CJK_FONT_STACK`].
    Cjk,
    /// Emoji sequences ([`emoji_runs`]): [`EMOJI_FONT_STACK`].
    Emoji,
}

/// `text` cut into runs by the font stack they are drawn with.
pub fn font_runs(text: &str) -> Vec<(Script, &str)> {
    let mut runs = Vec::new();
    for (emoji, piece) in emoji_runs(text) {
        if emoji {
            runs.push((Script::Emoji, piece));
            continue;
        }
        let mut start = 0;
        let mut current: Option<Script> = None;
        for (i, c) in piece.char_indices() {
            let script = if is_cjk(c) { Script::Cjk } else { Script::Text };
            match current {
                Some(s) if s == script => {}
                Some(s) => {
                    runs.push((s, &piece[start..i]));
                    start = i;
                    current = Some(script);
                }
                None => current = Some(script),
            }
        }
        if let Some(s) = current {
            runs.push((s, &piece[start..]));
        }
    }
    runs
}

/// Hangul, kana, CJK ideographs, CJK punctuation and full-width forms.
fn is_cjk(c: char) -> bool {
    is_hangul(c)
        || matches!(c as u32,
            0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3190..=0x31FF
            | 0x3200..=0x32FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
            | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// The advance of an emoji in ems (Noto Color Emoji's 2550 of 2048 units, the width Mermaid's
/// own pictures give them in Chrome on Linux).
const EMOJI_EM: f64 = 2550.0 / 2048.0;

/// The advance of a Hangul syllable or jamo in ems (Noto Sans CJK KR's 920 of 1000 units).
const HANGUL_EM: f64 = 0.92;

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
            // Mermaid's `nonMarkdownToHTML` turns `\n` (backslash, n) and new lines into
            // `<br />`, in node, edge and subgraph labels alike.
            read_html(&text, &mut b, true, true);
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

    /// The text with lines longer than `max` pixels broken between words and after hyphens
    /// inside words (a single word longer than `max` keeps its line), as a browser breaks
    /// Mermaid's HTML labels once they reach their `max-width`.
    pub fn wrapped(&self, max: f64, size: f64) -> RichText {
        let space_width = measure(" ", size, false);
        let mut lines = Vec::new();
        for line in &self.lines {
            let mut current: Vec<Run> = Vec::new();
            let mut width = 0.0;
            for (space_style, word) in words(line) {
                let w: f64 = word.iter().map(|r| measure(&r.text, size, r.bold)).sum();
                let space = if space_style.is_some() {
                    space_width
                } else {
                    0.0
                };
                if !current.is_empty() && width + space + w > max {
                    lines.push(std::mem::take(&mut current));
                    width = 0.0;
                }
                if let Some((bold, italic)) = space_style.filter(|_| !current.is_empty()) {
                    push_run(&mut current, " ", bold, italic);
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

/// Width in pixels of `text` at `size` pixels: DejaVu Sans's advances; an emoji (one glyph per
/// [`emoji_runs`] sequence) [`EMOJI_EM`], Hangul [`HANGUL_EM`], other wide characters (CJK)
/// one em, zero-width ones (combining marks, joiners, variation selectors) nothing.
pub fn measure(text: &str, size: f64, bold: bool) -> f64 {
    let table = if bold { BOLD } else { REGULAR };
    let mut units = 0.0;
    for (emoji, piece) in emoji_runs(text) {
        if emoji {
            units += emoji_glyphs(piece) as f64 * EMOJI_EM * UNITS_PER_EM;
            continue;
        }
        for c in piece.chars() {
            units += match table.binary_search_by_key(&(c as u32), |&(cp, _)| cp) {
                Ok(i) => f64::from(table[i].1),
                Err(_) if is_hangul(c) => HANGUL_EM * UNITS_PER_EM,
                Err(_) => match c.width() {
                    Some(2) => UNITS_PER_EM,
                    Some(0) | None => 0.0,
                    _ => FALLBACK_EM * UNITS_PER_EM,
                },
            };
        }
    }
    units * size / UNITS_PER_EM
}

/// Hangul syllables and jamo.
fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xD7B0..=0xD7FF)
}

/// `text` cut into runs that are emoji (`true`) and runs that are not: a pictograph that is
/// an emoji by default (`👥`, `⚡`), or any pictograph or symbol followed by U+FE0F (`☁️`,
/// `⏱️`), or a keycap (`1️⃣`), with what joins it into one glyph (U+FE0F, skin tones, U+200D
/// and the pictograph after it, tags, a second regional indicator).
pub fn emoji_runs(text: &str) -> Vec<(bool, &str)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Byte ranges, merged when two of a kind meet.
    let mut runs: Vec<(bool, usize, usize)> = Vec::new();
    let mut push = |emoji: bool, from: usize, to: usize| {
        if from == to {
            return;
        }
        match runs.last_mut() {
            Some((e, _, end)) if *e == emoji && *end == from => *end = to,
            _ => runs.push((emoji, from, to)),
        }
    };
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let mut i = 0;
    let mut plain_from = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let starts = is_default_emoji(c)
            || (next == Some('\u{FE0F}') && (is_pictographic(c) || is_keycap_base(c)));
        if !starts {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i + 1;
        let regional = is_regional_indicator(c);
        while j < chars.len() {
            let d = chars[j].1;
            if matches!(d as u32, 0xFE0F | 0x20E3 | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
                || (regional && j == i + 1 && is_regional_indicator(d))
            {
                j += 1;
            } else if d == '\u{200D}' && chars.get(j + 1).is_some_and(|&(_, e)| is_pictographic(e))
            {
                j += 2;
            } else {
                break;
            }
        }
        push(false, plain_from, start);
        push(true, start, end_of(j));
        plain_from = end_of(j);
        i = j;
    }
    push(false, plain_from, text.len());
    runs.into_iter()
        .map(|(emoji, from, to)| (emoji, &text[from..to]))
        .collect()
}

/// How many glyphs an emoji run draws: one per sequence (what joins a sequence counts nothing).
fn emoji_glyphs(run: &str) -> usize {
    let mut glyphs = 0;
    let mut joined = false;
    let mut regional_open = false;
    for c in run.chars() {
        let joins = matches!(c as u32, 0xFE0F | 0x20E3 | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F);
        if c == '\u{200D}' {
            joined = true;
        } else if joins {
        } else if joined {
            joined = false;
        } else if is_regional_indicator(c) && regional_open {
            regional_open = false;
        } else {
            regional_open = is_regional_indicator(c);
            glyphs += 1;
        }
    }
    glyphs
}

/// Pictographs and symbols that take an emoji presentation with U+FE0F.
fn is_pictographic(c: char) -> bool {
    matches!(c as u32,
        0xA9 | 0xAE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2194..=0x21FF | 0x2300..=0x23FF
        | 0x24C2 | 0x25A0..=0x25FF | 0x2600..=0x27BF | 0x2900..=0x297F | 0x2B00..=0x2BFF
        | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x1F000..=0x1FAFF)
}

/// Characters drawn as emoji without U+FE0F: the supplementary pictographs and the symbols
/// whose default presentation is emoji (Unicode's `Emoji_Presentation` in the BMP).
fn is_default_emoji(c: char) -> bool {
    let cp = c as u32;
    match cp {
        0x1F000..=0x1FAFF => !matches!(cp, 0x1F3FB..=0x1F3FF),
        0x231A..=0x231B
        | 0x23E9..=0x23EC
        | 0x23F0
        | 0x23F3
        | 0x25FD..=0x25FE
        | 0x2614..=0x2615
        | 0x2648..=0x2653
        | 0x267F
        | 0x2693
        | 0x26A1
        | 0x26AA..=0x26AB
        | 0x26BD..=0x26BE
        | 0x26C4..=0x26C5
        | 0x26CE
        | 0x26D4
        | 0x26EA
        | 0x26F2..=0x26F3
        | 0x26F5
        | 0x26FA
        | 0x26FD
        | 0x2705
        | 0x270A..=0x270B
        | 0x2728
        | 0x274C
        | 0x274E
        | 0x2753..=0x2755
        | 0x2757
        | 0x2795..=0x2797
        | 0x27B0
        | 0x27BF
        | 0x2B1B..=0x2B1C
        | 0x2B50
        | 0x2B55 => true,
        _ => false,
    }
}

/// `0`–`9`, `#` and `*`, which become keycaps with U+FE0F U+20E3.
fn is_keycap_base(c: char) -> bool {
    c.is_ascii_digit() || c == '#' || c == '*'
}

fn is_regional_indicator(c: char) -> bool {
    matches!(c as u32, 0x1F1E6..=0x1F1FF)
}

/// A piece of a line between break opportunities: the style (bold, italic) of the space
/// before it, if one is, and its runs.
type Piece = (Option<(bool, bool)>, Vec<Run>);

/// The pieces a line may break between, each as the styled runs it is made of: words (split
/// at spaces) with the style (bold, italic) of the space before them, and the parts of a word
/// after a hyphen (`user-` `service`), with no space before them (`None`). As in a browser, a
/// hyphen does not break before a digit (`TCP-443`) or when it starts the word.
fn words(line: &[Run]) -> Vec<Piece> {
    let mut words = Vec::new();
    let mut word: Vec<Run> = Vec::new();
    let mut space = Some((false, false));
    for run in line {
        for (i, piece) in run.text.split(' ').enumerate() {
            if i > 0 {
                if !word.is_empty() {
                    words.push((space, std::mem::take(&mut word)));
                }
                space = Some((run.bold, run.italic));
            }
            let mut rest = piece;
            while let Some(h) = rest.find('-') {
                let after = &rest[h + 1..];
                let before_is_word = h > 0 || !word.is_empty();
                let after_ok = match after.chars().next() {
                    Some(c) => !c.is_ascii_digit() && c != '-',
                    None => false,
                };
                push_run(&mut word, &rest[..=h], run.bold, run.italic);
                if before_is_word && after_ok {
                    words.push((space, std::mem::take(&mut word)));
                    space = None;
                }
                rest = after;
            }
            if !rest.is_empty() {
                push_run(&mut word, rest, run.bold, run.italic);
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
/// tags are dropped with their text kept, entities are decoded; a new line breaks the line
/// when `newline_breaks`, and so does the two-character `\n` when `escaped_breaks`.
fn read_html(text: &str, b: &mut Builder, newline_breaks: bool, escaped_breaks: bool) {
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
            '\\' if escaped_breaks && rest[1..].starts_with('n') => {
                b.break_line();
                rest = &rest[2..];
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
    // `marked` keeps `\n` (backslash, n) as written: only real new lines break.
    read_html(&html, b, true, false);
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
    fn backslash_n_breaks_plain_labels_not_markdown_strings() {
        let t = RichText::from_label("🔀 Cloud DNS\\nGlobal anycast\\n\\nGeo", "string");
        assert_eq!(lines(&t), ["🔀 Cloud DNS", "Global anycast", "", "Geo"]);
        let t = RichText::from_label("a\\nb", "text");
        assert_eq!(lines(&t), ["a", "b"]);
        let t = RichText::from_label("C:\\\\path \\x", "text");
        assert_eq!(t.lines.len(), 1);
        let t = RichText::from_label("**a**\\nb", "markdown");
        assert_eq!(lines(&t), ["a\\nb"]);
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
        // Hyphens break inside words, not before digits.
        let t = RichText::from_label("user-service:8080 TCP-443", "text");
        assert_eq!(
            lines(&t.wrapped(60.0, 16.0)),
            ["user-", "service:8080", "TCP-443"]
        );
        assert_eq!(
            lines(&t.wrapped(1000.0, 16.0)),
            ["user-service:8080 TCP-443"]
        );
        let long = RichText::from_label("supercalifragilistic", "markdown");
        assert_eq!(long.wrapped(10.0, 16.0), long);
        let short = RichText::from_label("**Bold** and *em*", "markdown");
        assert_eq!(short.wrapped(200.0, 16.0), short);
    }

    #[test]
    fn wide_characters_measure_as_their_fonts_draw_them() {
        assert!((measure("가나", 10.0, false) - 18.4).abs() < 1e-9);
        assert_eq!(measure("中", 10.0, false), 10.0);
        let emoji = 16.0 * EMOJI_EM;
        assert_eq!(measure("👥", 16.0, false), emoji);
        assert_eq!(measure("☁\u{FE0F}", 16.0, false), emoji);
        assert_eq!(measure("⚡", 16.0, false), emoji);
        // One glyph per sequence: a ZWJ sequence, a skin tone, a flag, a keycap.
        assert_eq!(measure("👨\u{200D}💻", 16.0, false), emoji);
        assert_eq!(measure("👍🏽", 16.0, false), emoji);
        assert_eq!(measure("🇰🇷🇯🇵", 16.0, false), 2.0 * emoji);
        assert_eq!(measure("1\u{FE0F}\u{20E3}", 16.0, false), emoji);
        let m = measure("m", 16.0, false);
        let i = measure("i", 16.0, false);
        assert!(m > 2.0 * i, "m {m} i {i}");
        assert!(measure("Hello", 16.0, true) > measure("Hello", 16.0, false));
    }

    #[test]
    fn emoji_runs_take_their_sequences_and_leave_text_symbols() {
        assert_eq!(
            emoji_runs("☁️ Azure ⚡ Cache"),
            [
                (true, "☁\u{FE0F}"),
                (false, " Azure "),
                (true, "⚡"),
                (false, " Cache")
            ]
        );
        // Text-default symbols stay text without U+FE0F; digits stay text.
        assert_eq!(emoji_runs("☁ → 10.0.0.0/16"), [(false, "☁ → 10.0.0.0/16")]);
        assert_eq!(
            emoji_runs("👨\u{200D}💻👥 dev"),
            [(true, "👨\u{200D}💻👥"), (false, " dev")]
        );
        assert_eq!(emoji_runs(""), []);
    }

    #[test]
    fn font_runs_separate_cjk_and_emoji_from_text() {
        assert_eq!(
            font_runs("👥 실사용자 (1만~10만 명)"),
            [
                (Script::Emoji, "👥"),
                (Script::Text, " "),
                (Script::Cjk, "실사용자"),
                (Script::Text, " (1"),
                (Script::Cjk, "만"),
                (Script::Text, "~10"),
                (Script::Cjk, "만"),
                (Script::Text, " "),
                (Script::Cjk, "명"),
                (Script::Text, ")"),
            ]
        );
        assert_eq!(font_runs("plain"), [(Script::Text, "plain")]);
        assert_eq!(font_runs("中文"), [(Script::Cjk, "中文")]);
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
