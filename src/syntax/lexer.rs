//! A lexer that reproduces Mermaid's flowchart lexer (`flow.jison`) token for token.
//!
//! Jison tries the rules of the current start condition in order and takes the first that
//! matches (not the longest); the start conditions form a stack. Each rule below is a small nom
//! parser (or a hand-written scan where the original regex needs look-around), and each state
//! lists its rules in the original order, so that the token stream is the one Mermaid sees.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::char as ch;
use nom::combinator::recognize;
use nom::{IResult, Parser};

use super::token::{Tok, Token};
use super::unicode::is_unicode_text;

/// The lexer's start conditions (jison `%x` states).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Initial,
    String,
    MdString,
    AccTitle,
    AccDescr,
    AccDescrMultiline,
    Dir,
    Text,
    EllipseText,
    TrapText,
    EdgeText,
    ThickEdgeText,
    DottedEdgeText,
    Click,
    CallbackName,
    CallbackArgs,
    ShapeData,
    ShapeDataStr,
}

/// Whitespace as JavaScript's `\s` sees it.
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// A line terminator as JavaScript's `.` sees it.
fn is_js_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

type Res<'a> = IResult<&'a str, &'a str>;

/// Runs a nom parser and returns how many bytes it consumed.
fn run<'a, P>(mut p: P, input: &'a str) -> Option<usize>
where
    P: Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>>,
{
    p.parse(input).ok().map(|(_, m)| m.len())
}

fn ws0(i: &str) -> Res<'_> {
    let n = ws_len(i);
    Ok((&i[n..], &i[..n]))
}

/// Byte length of the leading JavaScript whitespace of `i` (ASCII fast path).
fn ws_len(i: &str) -> usize {
    let b = i.as_bytes();
    let mut n = 0;
    while n < b.len() {
        while n < b.len() && ASCII_SPACE[b[n] as usize] {
            n += 1;
        }
        match b.get(n) {
            None => break,
            Some(&c) if c < 0x80 => break,
            _ => match i[n..].chars().next() {
                Some(c) if is_js_space(c) => n += c.len_utf8(),
                _ => break,
            },
        }
    }
    n
}

/// The ASCII characters of JavaScript's `\s`.
const ASCII_SPACE: ByteSet = byte_set(b" \t\n\x0B\x0C\r");

fn ws1(i: &str) -> Res<'_> {
    take_while1(is_js_space)(i)
}

/// A literal followed by a word boundary (jison appends `\b` to rules ending in a word character).
fn word(lit: &'static str, i: &str) -> Option<usize> {
    let rest = i.strip_prefix(lit)?;
    match rest.as_bytes().first() {
        Some(&b) if is_word_byte(b) => None,
        _ => Some(lit.len()),
    }
}

fn lit(lit: &'static str, i: &str) -> Option<usize> {
    i.starts_with(lit).then_some(lit.len())
}

/// `\s*[xo<]?` then `c` repeated at least twice then one of `ends`, with regex backtracking:
/// `\s*[xo<]?\-\-+[-xo>]\s*` and its thick twin.
fn full_arrow(i: &str, lead: usize, c: char, ends: &str) -> Option<usize> {
    let head = usize::from(matches!(i.as_bytes().get(lead), Some(b'x' | b'o' | b'<')));
    let rest = &i[lead + head..];
    let run = rest.bytes().take_while(|&b| b == c as u8).count();
    if run < 2 {
        return None;
    }
    let after = &rest[run..];
    let body = match after.chars().next() {
        Some(e) if ends.contains(e) => run + e.len_utf8(),
        _ if run >= 3 => run,
        _ => return None,
    };
    let (_, trail) = ws0(&rest[body..]).ok()?;
    Some(lead + head + body + trail.len())
}

/// `\s*[xo<]?\-?\.+\-[xo>]?\s*`
fn dotted_arrow(i: &str, lead: usize) -> Option<usize> {
    let b = i.as_bytes();
    let mut n = lead;
    if matches!(b.get(n), Some(b'x' | b'o' | b'<')) {
        n += 1;
    }
    if b.get(n) == Some(&b'-') {
        n += 1;
    }
    let dots = b[n.min(b.len())..]
        .iter()
        .take_while(|&&c| c == b'.')
        .count();
    if dots == 0 || b.get(n + dots) != Some(&b'-') {
        return None;
    }
    n += dots + 1;
    if matches!(b.get(n), Some(b'x' | b'o' | b'>')) {
        n += 1;
    }
    Some(n + ws_len(&i[n..]))
}

/// `\s*[xo<]?` + `start` + `\s*`: the first half of an arrow that carries text.
fn arrow_start(i: &str, lead: usize, start: &'static str) -> Option<usize> {
    let b = i.as_bytes();
    let mut n = lead;
    if matches!(b.get(n), Some(b'x' | b'o' | b'<')) && i[n + 1..].starts_with(start) {
        n += 1;
    }
    if !i[n..].starts_with(start) {
        return None;
    }
    n += start.len();
    Some(n + ws_len(&i[n..]))
}

/// `\s*\~\~[\~]+\s*`
fn invisible_arrow(i: &str, lead: usize) -> Option<usize> {
    if i.as_bytes().get(lead) != Some(&b'~') {
        return None;
    }
    run(
        recognize((tag("~~"), take_while1(|c| c == '~'), ws0)),
        &i[lead..],
    )
    .map(|n| lead + n)
}

/// `([A-Za-z0-9!"\#$%&'*+\.`?\\_\/]|\-(?=[^\>\-\.]))+`
///
/// The source grammar also has `=(?!=)`, but jison compiles that look-ahead to the never-matching
/// `(?!)`, so Mermaid's lexer never puts `=` in a name; likewise for `.` and `=` inside dotted
/// and thick arrow text.
fn node_string(i: &str) -> Option<usize> {
    let b = i.as_bytes();
    let table_run = |from: usize| {
        b[from..]
            .iter()
            .take_while(|&&c| NODE_STRING_BYTES[c as usize])
            .count()
    };
    let mut n = table_run(0);
    while b.get(n) == Some(&b'-')
        && b.get(n + 1)
            .is_some_and(|&d| !matches!(d, b'>' | b'-' | b'.'))
    {
        n += 1;
        n += table_run(n);
    }
    (n > 0).then_some(n)
}

/// The bytes a `NODE_STRING` takes without looking further (`-` depends on the next byte).
const NODE_STRING_BYTES: ByteSet = {
    let mut set = byte_set(b"!\"#$%&'*+.`?\\_/");
    let mut c = 0;
    while c < 128 {
        if (c as u8).is_ascii_alphanumeric() {
            set[c] = true;
        }
        c += 1;
    }
    set
};

fn first_char_len(i: &str) -> usize {
    i.chars().next().map_or(0, char::len_utf8)
}

/// The `direction XX` occurrences of one line, for the `.*direction\s+XX[^\n]*` rules.
#[derive(Debug)]
struct DirectionLine {
    /// Where the line ends (its terminator or the end of the text).
    line_end: usize,
    /// Each valid occurrence: where `direction` starts, the token kind, where the match ends.
    found: Vec<(usize, Tok, usize)>,
}

impl DirectionLine {
    /// Finds every `direction\s+XX` starting in `[from, line_end)` of `src`.
    fn scan(src: &str, from: usize, line_end: usize) -> Self {
        let mut found = Vec::new();
        for (k, _) in src[from..line_end].match_indices("direction") {
            let start = from + k;
            let after = &src[start + "direction".len()..];
            let Ok((rest, _)) = ws1(after) else { continue };
            let kind = match rest.get(..2) {
                Some("TB") => Tok::DirectionTb,
                Some("BT") => Tok::DirectionBt,
                Some("RL") => Tok::DirectionRl,
                Some("LR") => Tok::DirectionLr,
                Some("TD") => Tok::DirectionTd,
                _ => continue,
            };
            let tail_start = src.len() - rest.len() + 2;
            let end = tail_start
                + src[tail_start..]
                    .find('\n')
                    .unwrap_or(src.len() - tail_start);
            found.push((start, kind, end));
        }
        DirectionLine { line_end, found }
    }

    /// The rule that matches at `pos`: the first kind, in the grammar's order, that occurs at or
    /// after `pos`; the greedy `.*` takes its last occurrence.
    fn matching_from(&self, pos: usize) -> Option<(Tok, usize)> {
        [
            Tok::DirectionTb,
            Tok::DirectionBt,
            Tok::DirectionRl,
            Tok::DirectionLr,
            Tok::DirectionTd,
        ]
        .into_iter()
        .find_map(|kind| {
            self.found
                .iter()
                .rev()
                .find(|(start, k, _)| *k == kind && *start >= pos)
                .map(|&(_, k, end)| (k, end))
        })
    }
}

/// Tokenizes preprocessed flowchart text the way Mermaid's lexer does.
pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    stack: Vec<State>,
    first_graph: bool,
    done: bool,
    finished: bool,
    next_direction: Option<usize>,
    next_at: Option<usize>,
    next_run_end: Option<usize>,
    /// End of the whitespace run at or after the current position, once scanned.
    ws_end: usize,
    /// The `direction` occurrences of the current line, once scanned.
    direction_line: Option<DirectionLine>,
    /// The run of non-space characters scanned for `LINK_ID`: its end and its last `@` that
    /// may end an edge id.
    link_id_run: Option<(usize, Option<usize>)>,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `src`.
    pub fn new(src: &'a str) -> Self {
        Lexer {
            src,
            pos: 0,
            stack: vec![State::Initial],
            first_graph: true,
            done: false,
            finished: false,
            next_direction: None,
            next_at: None,
            next_run_end: None,
            ws_end: 0,
            direction_line: None,
            link_id_run: None,
        }
    }

    /// Restarts reading at `pos` (a line end) in the initial state, as if the text before it
    /// had closed every label it opened: the parser's error recovery past a label that the
    /// text never closes (`A[x (y)]`, whose `)]` ends a cylinder, keeps Mermaid's lexer inside
    /// a label to the end of the file). Every scan cached ahead is dropped.
    pub fn restart_at(&mut self, pos: usize) {
        self.pos = pos.min(self.src.len());
        self.stack.clear();
        self.stack.push(State::Initial);
        self.done = false;
        self.finished = false;
        self.next_direction = None;
        self.next_at = None;
        self.next_run_end = None;
        self.ws_end = 0;
        self.direction_line = None;
        self.link_id_run = None;
    }

    fn state(&self) -> State {
        *self.stack.last().unwrap_or(&State::Initial)
    }

    fn push(&mut self, s: State) {
        self.stack.push(s);
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// The next token; after the end it keeps returning [`Tok::EndOfInput`].
    #[inline]
    pub fn next_token(&mut self) -> Token {
        let mut t = Token {
            kind: Tok::EndOfInput,
            start: 0,
            end: 0,
        };
        self.next_token_into(&mut t);
        t
    }

    /// [`Lexer::next_token`], written into `slot`: a parser that keeps its look-ahead in a
    /// field reads it back much later, not straight from a returned temporary whose bytes
    /// were stored one field at a time (a stalled load on every token).
    pub fn next_token_into(&mut self, slot: &mut Token) {
        loop {
            if self.finished {
                *slot = self.token(Tok::EndOfInput, self.pos, self.pos);
                return;
            }
            if self.pos >= self.src.len() {
                if self.done {
                    self.finished = true;
                    continue;
                }
                self.done = true;
                if let Some(kind) = self.at_end() {
                    *slot = self.token(kind, self.pos, self.pos);
                    return;
                }
                continue;
            }
            if let Some(t) = self.plain_space() {
                *slot = t;
                return;
            }
            let start = self.pos;
            match self.rule() {
                Some((len, kind)) => {
                    self.pos = start + len;
                    if let Some(kind) = kind {
                        *slot = self.token(kind, start, start + len);
                        return;
                    }
                }
                None => {
                    let len = first_char_len(&self.src[start..]);
                    self.pos = start + len;
                    *slot = self.token(Tok::Error, start, start + len);
                    return;
                }
            }
        }
    }

    /// Skips every blank from the current position on that [`Lexer::plain_space`] would
    /// return as a `SPACE` of its own, for a parser that discards them.
    pub fn skip_plain_spaces(&mut self) {
        if self.plain_space().is_none() {
            return;
        }
        // What made that blank plain holds for the rest of its run.
        let b = self.src.as_bytes();
        while self.pos < self.ws_end && matches!(b[self.pos], b' ' | b'\t') {
            self.pos += 1;
        }
    }

    /// A blank inside a whitespace run already scanned, in the initial state, when that is
    /// certainly one `SPACE`: no `direction` follows anywhere and no arrow starts after the
    /// run (arrows begin with `\s*`), which leaves only the `SPACE` rule for a blank.
    /// Indentation then costs a few comparisons per blank.
    #[inline]
    fn plain_space(&mut self) -> Option<Token> {
        let pos = self.pos;
        if pos >= self.ws_end
            || !matches!(self.src.as_bytes()[pos], b' ' | b'\t')
            || self.stack.len() != 1
            || self.next_direction != Some(usize::MAX)
            || matches!(
                self.src.as_bytes().get(self.ws_end),
                Some(b'x' | b'o' | b'<' | b'-' | b'=' | b'.' | b'~')
            )
        {
            return None;
        }
        self.pos = pos + 1;
        Some(self.token(Tok::Space, pos, pos + 1))
    }

    fn token(&self, kind: Tok, start: usize, end: usize) -> Token {
        Token {
            kind,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The rules that match the empty string, tried once when the input is exhausted.
    fn at_end(&mut self) -> Option<Tok> {
        match self.state() {
            State::Initial => Some(Tok::Eof),
            State::AccTitle => {
                self.pop();
                Some(Tok::AccTitleValue)
            }
            State::AccDescr => {
                self.pop();
                Some(Tok::AccDescrValue)
            }
            State::AccDescrMultiline => Some(Tok::AccDescrMultilineValue),
            State::CallbackName => Some(Tok::CallbackName),
            State::CallbackArgs => Some(Tok::CallbackArgs),
            State::Click => Some(Tok::Click),
            _ => None,
        }
    }

    /// Applies the first matching rule of the current state: bytes consumed and the token, if any.
    fn rule(&mut self) -> Option<(usize, Option<Tok>)> {
        let i = &self.src[self.pos..];
        match self.state() {
            State::Initial => self.initial(i),
            State::String => Some(if let Some(n) = md_open(i) {
                self.push(State::MdString);
                (n, None)
            } else if i.starts_with('"') {
                self.pop();
                (1, None)
            } else {
                (until_byte(i, b'"'), Some(Tok::Str))
            }),
            State::MdString => {
                let n = until_byte2(i, b'`', b'"');
                if n > 0 {
                    Some((n, Some(Tok::MdStr)))
                } else if i.starts_with("`\"") {
                    self.pop();
                    Some((2, None))
                } else {
                    self.quotes(i).or_else(|| self.star_tail(i))
                }
            }
            State::AccTitle => {
                self.pop();
                Some((until_byte(i, b'\n'), Some(Tok::AccTitleValue)))
            }
            State::AccDescr => {
                self.pop();
                Some((until_byte(i, b'\n'), Some(Tok::AccDescrValue)))
            }
            State::AccDescrMultiline => Some(if i.starts_with('}') {
                self.pop();
                (1, None)
            } else {
                (until_byte(i, b'}'), Some(Tok::AccDescrMultilineValue))
            }),
            State::Dir => self
                .quotes(i)
                .or_else(|| self.dir(i))
                .or_else(|| self.star_tail(i)),
            State::Text => self.quotes(i).or_else(|| self.text(i)),
            State::EllipseText => self.quotes(i).or_else(|| self.ellipse_text(i)),
            State::TrapText => self.quotes(i).or_else(|| self.trap_text(i)),
            State::EdgeText => self.quotes(i).or_else(|| {
                if let Some(n) = full_arrow(i, self.ws_run(i), '-', "-xo>") {
                    self.pop();
                    return Some((n, Some(Tok::Link)));
                }
                let b = i.as_bytes();
                if b[0] != b'-' || b.get(1) != Some(&b'-') {
                    return Some((first_char_len(i), Some(Tok::EdgeText)));
                }
                self.star_tail(i)
            }),
            State::ThickEdgeText => self.quotes(i).or_else(|| {
                if let Some(n) = full_arrow(i, self.ws_run(i), '=', "=xo>") {
                    self.pop();
                    return Some((n, Some(Tok::Link)));
                }
                if !i.starts_with('=') {
                    return Some((first_char_len(i), Some(Tok::EdgeText)));
                }
                self.star_tail(i)
            }),
            State::DottedEdgeText => self.quotes(i).or_else(|| {
                if let Some(n) = dotted_arrow(i, self.ws_run(i)) {
                    self.pop();
                    return Some((n, Some(Tok::Link)));
                }
                if !i.starts_with('.') {
                    return Some((first_char_len(i), Some(Tok::EdgeText)));
                }
                self.star_tail(i)
            }),
            State::Click => self.quotes(i).or_else(|| {
                let c = i.chars().next()?;
                if is_js_space(c) {
                    self.pop();
                    Some((c.len_utf8(), None))
                } else {
                    Some((until(i, is_js_space), Some(Tok::Click)))
                }
            }),
            State::CallbackName => {
                if let Some(n) = run(recognize((ch('('), ws0, ch(')'))), i) {
                    self.pop();
                    Some((n, None))
                } else if i.starts_with('(') {
                    self.pop();
                    self.push(State::CallbackArgs);
                    Some((1, None))
                } else {
                    Some((until_byte(i, b'('), Some(Tok::CallbackName)))
                }
            }
            State::CallbackArgs => Some(if i.starts_with(')') {
                self.pop();
                (1, None)
            } else {
                (until_byte(i, b')'), Some(Tok::CallbackArgs))
            }),
            State::ShapeData => {
                if i.starts_with('"') {
                    self.push(State::ShapeDataStr);
                    return Some((1, Some(Tok::ShapeData)));
                }
                let n = until_byte3(i, b'}', b'^', b'"');
                if n > 0 {
                    Some((n, Some(Tok::ShapeData)))
                } else if i.starts_with('}') {
                    self.pop();
                    Some((1, None))
                } else {
                    self.quotes(i).or_else(|| self.star_tail(i))
                }
            }
            State::ShapeDataStr => Some(if i.starts_with('"') {
                self.pop();
                (1, Some(Tok::ShapeData))
            } else {
                (until_byte(i, b'"'), Some(Tok::ShapeDataStr))
            }),
        }
    }

    /// The `<*>` rules for quotes: ``"` `` opens a markdown string, `"` a string.
    fn quotes(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        if let Some(n) = md_open(i) {
            self.push(State::MdString);
            Some((n, None))
        } else if i.starts_with('"') {
            self.push(State::String);
            Some((1, None))
        } else {
            None
        }
    }

    /// The `<*>` rules after the quotes, as they apply in a state with no rule of its own here.
    fn star_tail(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        if let Some(n) = invisible_arrow(i, self.ws_run(i)) {
            return Some((n, Some(Tok::Link)));
        }
        self.openers(i)
    }

    /// The `<*>` rules that open a label: shapes, pipes and brackets, in the grammar's order.
    fn openers(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        let (n, kind, state) = if i.starts_with("(-") {
            (2, Tok::EllipseStart, State::EllipseText)
        } else if i.starts_with("([") {
            (2, Tok::StadiumStart, State::Text)
        } else if i.starts_with("[[") {
            (2, Tok::SubroutineStart, State::Text)
        } else if i.starts_with("[(") {
            (2, Tok::CylinderStart, State::Text)
        } else if i.starts_with("(((") {
            (3, Tok::DoubleCircleStart, State::Text)
        } else if i.starts_with("[/") {
            (2, Tok::TrapStart, State::TrapText)
        } else if i.starts_with("[\\") {
            (2, Tok::InvTrapStart, State::TrapText)
        } else {
            return self.brackets(i);
        };
        self.push(state);
        Some((n, Some(kind)))
    }

    /// `<*>"|"`, `<*>"("`, `<*>"["`, `<*>"{"`: each opens a text label.
    fn brackets(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        let kind = match i.as_bytes().first()? {
            b'|' => Tok::Pipe,
            b'(' => Tok::Ps,
            b'[' => Tok::Sqs,
            b'{' => Tok::DiamondStart,
            _ => return None,
        };
        self.push(State::Text);
        Some((1, Some(kind)))
    }

    fn dir(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        if let Some(n) = nodir(i) {
            self.pop();
            return Some((n, Some(Tok::NoDir)));
        }
        let (rest, lead) = ws0(i).ok()?;
        let n = ["LR", "RL", "TB", "BT", "TD", "BR"]
            .iter()
            .find_map(|d| word(d, rest))
            .or_else(|| ["<", ">", "^"].iter().find_map(|d| lit(d, rest)))
            .or_else(|| word("v", rest))?;
        self.pop();
        Some((lead.len() + n, Some(Tok::Dir)))
    }

    fn text(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        if let Some(n) = invisible_arrow(i, self.ws_run(i)) {
            return Some((n, Some(Tok::Link)));
        }
        // A closing `]`, `|` or `}` that starts no two-character rule (`])`, `]]`) is the
        // single-character closer whatever the rules in between.
        let b = i.as_bytes();
        let closer = match b[0] {
            b']' if !matches!(b.get(1), Some(b')' | b']')) => Some(Tok::Sqe),
            b'|' => Some(Tok::Pipe),
            b'}' => Some(Tok::DiamondStop),
            _ => None,
        };
        if let Some(kind) = closer {
            self.pop();
            return Some((1, Some(kind)));
        }
        if i.starts_with("(-") {
            self.push(State::EllipseText);
            return Some((2, Some(Tok::EllipseStart)));
        }
        let closing = [
            ("])", Tok::StadiumEnd),
            ("]]", Tok::SubroutineEnd),
            (")]", Tok::CylinderEnd),
            (")))", Tok::DoubleCircleEnd),
        ];
        let openers = [
            ("([", Tok::StadiumStart, State::Text),
            ("[[", Tok::SubroutineStart, State::Text),
            ("[(", Tok::CylinderStart, State::Text),
            ("(((", Tok::DoubleCircleStart, State::Text),
        ];
        // Interleaved as in the grammar: `])`, `([`, `]]`, `[[`, `)]`, `[(`, `)))`, `(((`.
        for k in 0..4 {
            if let Some(n) = lit(closing[k].0, i) {
                self.pop();
                return Some((n, Some(closing[k].1)));
            }
            if let Some(n) = lit(openers[k].0, i) {
                self.push(openers[k].2);
                return Some((n, Some(openers[k].1)));
            }
        }
        if i.starts_with("[/") {
            self.push(State::TrapText);
            return Some((2, Some(Tok::TrapStart)));
        }
        if i.starts_with("[\\") {
            self.push(State::TrapText);
            return Some((2, Some(Tok::InvTrapStart)));
        }
        let close = match i.as_bytes()[0] {
            b'|' => Some(Tok::Pipe),
            b')' => Some(Tok::Pe),
            b']' => Some(Tok::Sqe),
            b'}' => Some(Tok::DiamondStop),
            _ => None,
        };
        if let Some(kind) = close {
            self.pop();
            return Some((1, Some(kind)));
        }
        if let Some(r) = self.brackets(i) {
            return Some(r);
        }
        let n = until_in(i, &TEXT_STOPS);
        (n > 0).then_some((n, Some(Tok::Text)))
    }

    fn ellipse_text(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        if let Some(n) = invisible_arrow(i, self.ws_run(i)) {
            return Some((n, Some(Tok::Link)));
        }
        let b = i.as_bytes();
        if matches!(b[0], b'-' | b'/' | b')') && b.get(1) == Some(&b')') {
            self.pop();
            return Some((2, Some(Tok::EllipseEnd)));
        }
        if !matches!(b[0], b'(' | b')' | b'[' | b']' | b'{' | b'}') {
            return Some((first_char_len(i), Some(Tok::Text)));
        }
        self.openers(i)
    }

    fn trap_text(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        if let Some(n) = invisible_arrow(i, self.ws_run(i)) {
            return Some((n, Some(Tok::Link)));
        }
        if i.starts_with("(-") {
            self.push(State::EllipseText);
            return Some((2, Some(Tok::EllipseStart)));
        }
        for (open, kind) in [
            ("([", Tok::StadiumStart),
            ("[[", Tok::SubroutineStart),
            ("[(", Tok::CylinderStart),
            ("(((", Tok::DoubleCircleStart),
        ] {
            if i.starts_with(open) {
                self.push(State::Text);
                return Some((open.len(), Some(kind)));
            }
        }
        let b = i.as_bytes();
        if matches!(b[0], b'\\' | b'(' | b'?' | b'=' | b']' | b')') && b.get(1) == Some(&b']') {
            self.pop();
            return Some((2, Some(Tok::TrapEnd)));
        }
        if b[0] == b'/' && b.get(1) == Some(&b']') {
            self.pop();
            return Some((2, Some(Tok::InvTrapEnd)));
        }
        if matches!(b[0], b'/' | b'\\') {
            return Some((1, Some(Tok::Text)));
        }
        let n = until_in(i, &TRAP_TEXT_STOPS);
        if n > 0 {
            return Some((n, Some(Tok::Text)));
        }
        self.openers(i)
    }

    fn initial(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        let b = i.as_bytes();
        let c0 = b[0];
        if matches!(c0, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
            || (c0 >= 0x80 && i.chars().next().is_some_and(is_js_space))
        {
            return self.initial_at_space(i);
        }
        if let Some(r) = self.initial_common(i) {
            return r;
        }
        if c0 == b'a' {
            if let Some(n) = run(recognize((tag("accTitle"), ws0, ch(':'), ws0)), i) {
                self.push(State::AccTitle);
                return Some((n, Some(Tok::AccTitle)));
            }
            if let Some(n) = run(recognize((tag("accDescr"), ws0, ch(':'), ws0)), i) {
                self.push(State::AccDescr);
                return Some((n, Some(Tok::AccDescr)));
            }
            if let Some(n) = run(recognize((tag("accDescr"), ws0, ch('{'), ws0)), i) {
                self.push(State::AccDescrMultiline);
                return Some((n, None));
            }
        }
        if i.starts_with("@{") {
            self.push(State::ShapeData);
            return Some((2, Some(Tok::ShapeDataOpen)));
        }
        if c0 == b'c'
            && let Some(n) = run(recognize((tag("call"), ws1)), i)
        {
            self.push(State::CallbackName);
            return Some((n, None));
        }
        if let Some(r) = self.quotes(i) {
            return Some(r);
        }
        if let Some(r) = self.keyword(i) {
            return Some(r);
        }
        if let Some(r) = self.direction(i) {
            return Some(r);
        }
        if let Some(n) = self.link_id(i) {
            return Some((n, Some(Tok::LinkId)));
        }
        let single = match c0 {
            b'0'..=b'9' => {
                let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
                return Some((n, Some(Tok::Num)));
            }
            b'#' => Some(Tok::Brkt),
            b':' if i.starts_with(":::") => return Some((3, Some(Tok::StyleSeparator))),
            b':' => Some(Tok::Colon),
            b'&' => Some(Tok::Amp),
            b';' => Some(Tok::Semi),
            b',' => Some(Tok::Comma),
            b'*' => Some(Tok::Mult),
            _ => None,
        };
        if let Some(kind) = single {
            return Some((1, Some(kind)));
        }
        if let Some(r) = self.arrows(i) {
            return Some(r);
        }
        let opener = if i.starts_with("(-") {
            Some((2, Tok::EllipseStart, State::EllipseText))
        } else if i.starts_with("([") {
            Some((2, Tok::StadiumStart, State::Text))
        } else if i.starts_with("[[") {
            Some((2, Tok::SubroutineStart, State::Text))
        } else {
            None
        };
        if let Some((n, kind, state)) = opener {
            self.push(state);
            return Some((n, Some(kind)));
        }
        if i.starts_with("[|") {
            return Some((2, Some(Tok::VertexWithPropsStart)));
        }
        if c0 == b'>' {
            self.push(State::Text);
            return Some((1, Some(Tok::TagEnd)));
        }
        if let Some(r) = self.openers_after_tag(i) {
            return Some(r);
        }
        match c0 {
            b'<' => return Some((1, Some(Tok::TagStart))),
            b'^' => return Some((1, Some(Tok::Up))),
            b'\\' if b.get(1) == Some(&b'|') => return Some((2, Some(Tok::Sep))),
            b'v' if word("v", i).is_some() => return Some((1, Some(Tok::Down))),
            _ => {}
        }
        if let Some(n) = node_string(i) {
            return Some((n, Some(Tok::NodeString)));
        }
        if c0 == b'-' {
            return Some((1, Some(Tok::Minus)));
        }
        let c = i.chars().next()?;
        if is_unicode_text(c) {
            return Some((c.len_utf8(), Some(Tok::UnicodeText)));
        }
        if let Some(r) = self.brackets(i) {
            return Some(r);
        }
        if c0 == b'\n' || (c0 == b'\r' && b.get(1) == Some(&b'\n')) {
            let n = run(
                recognize(nom::multi::many1_count(alt((tag("\r\n"), tag("\n"))))),
                i,
            )?;
            return Some((n, Some(Tok::Newline)));
        }
        if is_js_space(c) {
            return Some((c.len_utf8(), Some(Tok::Space)));
        }
        None
    }

    /// The initial state's most frequent cases, decided by their first bytes: a letter
    /// that starts no keyword, arrow or `v` (a `NODE_STRING`), a `[` that starts no
    /// two-character opener (`SQS`), and `|` (`PIPE`: no rule between `LINK_ID` and it takes `|`). Only the `direction` and `LINK_ID` rules, which may match
    /// from any character, come before them in the grammar. `None` when neither case applies.
    #[inline]
    fn initial_common(&mut self, i: &str) -> Option<Option<(usize, Option<Tok>)>> {
        let b = i.as_bytes();
        let plain_letter = b[0].is_ascii_alphabetic()
            && !matches!(
                b[0],
                b'a' | b'c'
                    | b'd'
                    | b'e'
                    | b'f'
                    | b'g'
                    | b'h'
                    | b'i'
                    | b'l'
                    | b's'
                    | b'v'
                    | b'x'
                    | b'o'
            );
        let plain_bracket = (b[0] == b'['
            && !matches!(b.get(1), Some(b'[' | b'|' | b'(' | b'/' | b'\\')))
            || b[0] == b'|';
        if !plain_letter && !plain_bracket {
            return None;
        }
        if let Some(r) = self.direction(i) {
            return Some(Some(r));
        }
        if let Some(n) = self.link_id(i) {
            return Some(Some((n, Some(Tok::LinkId))));
        }
        if plain_letter {
            return Some(node_string(i).map(|n| (n, Some(Tok::NodeString))));
        }
        Some(self.brackets(i))
    }

    /// Length of the whitespace run at the current position (`i` is the input from there),
    /// scanned once per run however many rules ask.
    #[inline]
    fn ws_run(&mut self, i: &str) -> usize {
        if self.ws_end <= self.pos {
            // Most tokens start with a printable ASCII character: no run to scan.
            let printable = i.as_bytes().first().is_some_and(|&b| b > b' ' && b < 0x80);
            self.ws_end = self.pos + if printable { 0 } else { ws_len(i) };
        }
        self.ws_end - self.pos
    }

    /// The initial state at a whitespace character, where only the `direction` rules,
    /// the arrows (all of which start with `\s*`), `NEWLINE` and `SPACE` can match. The end of
    /// the whitespace run is remembered, so that indentation costs one scan, not one per space.
    fn initial_at_space(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        if let Some(r) = self.direction(i) {
            return Some(r);
        }
        let after = i.as_bytes().get(self.ws_run(i));
        if matches!(after, Some(b'x' | b'o' | b'<' | b'-' | b'=' | b'.' | b'~'))
            && let Some(r) = self.arrows(i)
        {
            return Some(r);
        }
        let b = i.as_bytes();
        if b[0] == b'\n' || (b[0] == b'\r' && b.get(1) == Some(&b'\n')) {
            let mut n = 0;
            while n < b.len() {
                if b[n] == b'\n' {
                    n += 1;
                } else if b[n] == b'\r' && b.get(n + 1) == Some(&b'\n') {
                    n += 2;
                } else {
                    break;
                }
            }
            return Some((n, Some(Tok::Newline)));
        }
        Some((first_char_len(i), Some(Tok::Space)))
    }

    /// The arrow rules of the initial state, in the grammar's order; every one starts with
    /// optional whitespace and then one of `xo<-=.~`, which is checked first.
    fn arrows(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        let ws = self.ws_run(i);
        if !matches!(
            i.as_bytes().get(ws),
            Some(b'x' | b'o' | b'<' | b'-' | b'=' | b'.' | b'~')
        ) {
            return None;
        }
        if let Some(n) = full_arrow(i, self.ws_run(i), '-', "-xo>") {
            return Some((n, Some(Tok::Link)));
        }
        if let Some(n) = arrow_start(i, self.ws_run(i), "--") {
            self.push(State::EdgeText);
            return Some((n, Some(Tok::StartLink)));
        }
        if let Some(n) = full_arrow(i, self.ws_run(i), '=', "=xo>") {
            return Some((n, Some(Tok::Link)));
        }
        if let Some(n) = arrow_start(i, self.ws_run(i), "==") {
            self.push(State::ThickEdgeText);
            return Some((n, Some(Tok::StartLink)));
        }
        if let Some(n) = dotted_arrow(i, self.ws_run(i)) {
            return Some((n, Some(Tok::Link)));
        }
        if let Some(n) = arrow_start(i, self.ws_run(i), "-.") {
            self.push(State::DottedEdgeText);
            return Some((n, Some(Tok::StartLink)));
        }
        invisible_arrow(i, self.ws_run(i)).map(|n| (n, Some(Tok::Link)))
    }

    /// `[(`, `(((`, `[/` and `[\`, which come after `>` in the grammar.
    fn openers_after_tag(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        let (n, kind, state) = if i.starts_with("[(") {
            (2, Tok::CylinderStart, State::Text)
        } else if i.starts_with("(((") {
            (3, Tok::DoubleCircleStart, State::Text)
        } else if i.starts_with("[/") {
            (2, Tok::TrapStart, State::TrapText)
        } else if i.starts_with("[\\") {
            (2, Tok::InvTrapStart, State::TrapText)
        } else {
            return None;
        };
        self.push(state);
        Some((n, Some(kind)))
    }

    fn keyword(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        let c0 = i.as_bytes()[0];
        if !matches!(
            c0,
            b's' | b'd' | b'l' | b'i' | b'c' | b'h' | b'f' | b'g' | b'e' | b'_'
        ) {
            return None;
        }
        for (w, kind) in [
            ("style", Tok::Style),
            ("default", Tok::Default),
            ("linkStyle", Tok::LinkStyle),
            ("interpolate", Tok::Interpolate),
            ("classDef", Tok::ClassDef),
            ("class", Tok::Class),
        ] {
            if let Some(n) = word(w, i) {
                return Some((n, Some(kind)));
            }
        }
        if let Some(n) = run(
            recognize((tag("href"), nom::character::complete::satisfy(is_js_space))),
            i,
        ) {
            return Some((n, Some(Tok::Href)));
        }
        if let Some(n) = run(recognize((tag("click"), ws1)), i) {
            self.push(State::Click);
            return Some((n, None));
        }
        for w in ["flowchart-elk", "swimlane-beta", "graph", "flowchart"] {
            if let Some(n) = word(w, i) {
                if self.first_graph {
                    self.first_graph = false;
                    self.push(State::Dir);
                }
                return Some((n, Some(Tok::Graph)));
            }
        }
        if let Some(n) = word("subgraph", i) {
            return Some((n, Some(Tok::Subgraph)));
        }
        if let Some(n) = word("end", i) {
            let (_, trail) = ws0(&i[n..]).ok()?;
            return Some((n + trail.len(), Some(Tok::End)));
        }
        for w in ["_self", "_blank", "_parent", "_top"] {
            if let Some(n) = word(w, i) {
                return Some((n, Some(Tok::LinkTarget)));
            }
        }
        None
    }

    /// `.*direction\s+XX[^\n]*` for XX in TB, BT, RL, LR, TD (tried in that order).
    #[inline]
    fn direction(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        if self.next_direction == Some(usize::MAX) {
            return None;
        }
        self.direction_scan(i)
    }

    /// [`Lexer::direction`] unless the text is known to hold no further `direction`.
    fn direction_scan(&mut self, i: &str) -> Option<(usize, Option<Tok>)> {
        let next = match self.next_direction {
            Some(p) if p >= self.pos => p,
            _ => {
                let p = memchr::memmem::find(&self.src.as_bytes()[self.pos..], b"direction")
                    .map_or(usize::MAX, |k| self.pos + k);
                self.next_direction = Some(p);
                p
            }
        };
        if next == usize::MAX {
            return None;
        }
        if self
            .direction_line
            .as_ref()
            .is_none_or(|l| l.line_end <= self.pos)
        {
            let line_end = self.pos + i.find(is_js_line_end).unwrap_or(i.len());
            if next >= line_end {
                return None;
            }
            self.direction_line = Some(DirectionLine::scan(self.src, self.pos, line_end));
        }
        let line = self.direction_line.as_ref()?;
        let (kind, end) = line.matching_from(self.pos)?;
        Some((end - self.pos, Some(kind)))
    }

    /// `[^\s\"]+\@(?=[^\{\"])`: the last `@` of a run of non-space characters.
    #[inline]
    fn link_id(&mut self, i: &str) -> Option<usize> {
        if self.next_at == Some(usize::MAX) {
            return None;
        }
        self.link_id_scan(i)
    }

    /// [`Lexer::link_id`] unless the text is known to hold no further `@`.
    fn link_id_scan(&mut self, i: &str) -> Option<usize> {
        let at = match self.next_at {
            Some(p) if p >= self.pos => p,
            _ => {
                let p = memchr::memchr(b'@', &self.src.as_bytes()[self.pos..])
                    .map_or(usize::MAX, |k| self.pos + k);
                self.next_at = Some(p);
                p
            }
        };
        if at == usize::MAX || at == self.pos {
            return None;
        }
        let run_end = match self.next_run_end {
            Some(p) if p >= self.pos => p,
            _ => {
                let p = self.pos + until(i, |c| c == '"' || is_js_space(c));
                self.next_run_end = Some(p);
                p
            }
        };
        if at >= run_end {
            return None;
        }
        let last_valid = match self.link_id_run {
            Some((end, found)) if end == run_end => found,
            _ => {
                let run = &i[..run_end - self.pos];
                let found = run
                    .rmatch_indices('@')
                    .map(|(k, _)| k)
                    .find(|&k| !matches!(i[k + 1..].chars().next(), Some('{' | '"') | None))
                    .map(|k| self.pos + k);
                self.link_id_run = Some((run_end, found));
                found
            }
        };
        last_valid
            .filter(|&a| a > self.pos)
            .map(|a| a + 1 - self.pos)
    }
}

/// `(\r?\n)*\s*\n`, which is the longest run of whitespace that ends with a newline.
fn nodir(i: &str) -> Option<usize> {
    let (_, spaces) = ws0(i).ok()?;
    Some(spaces.rfind('\n')? + 1)
}

/// ``"` `` (opening a markdown string).
fn md_open(i: &str) -> Option<usize> {
    lit("\"`", i)
}

/// Bytes before the first `stop` byte (an ASCII character).
fn until_byte(i: &str, stop: u8) -> usize {
    memchr::memchr(stop, i.as_bytes()).unwrap_or(i.len())
}

/// Bytes before the first of two ASCII characters.
fn until_byte2(i: &str, a: u8, b: u8) -> usize {
    memchr::memchr2(a, b, i.as_bytes()).unwrap_or(i.len())
}

/// Bytes before the first of three ASCII characters.
fn until_byte3(i: &str, a: u8, b: u8, c: u8) -> usize {
    memchr::memchr3(a, b, c, i.as_bytes()).unwrap_or(i.len())
}

/// A set of ASCII bytes, as a table indexed by byte.
type ByteSet = [bool; 256];

const fn byte_set(bytes: &[u8]) -> ByteSet {
    let mut set = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        set[bytes[k] as usize] = true;
        k += 1;
    }
    set
}

/// What ends a `TEXT` token: `[^\[\]\(\)\{\}\|\"]+`.
const TEXT_STOPS: ByteSet = byte_set(b"[](){}|\"");

/// What ends text inside a trapezoid: `[^\\\[\]\(\)\{\}\/]+`.
const TRAP_TEXT_STOPS: ByteSet = byte_set(b"\\[](){}/");

/// Bytes before the first byte of `stops` (ASCII only, so never inside a character).
fn until_in(i: &str, stops: &ByteSet) -> usize {
    i.bytes().position(|b| stops[b as usize]).unwrap_or(i.len())
}

/// Bytes before the first character satisfying `stop`.
fn until(i: &str, stop: impl Fn(char) -> bool) -> usize {
    i.find(stop).unwrap_or(i.len())
}

/// Every token of `src`, ending with [`Tok::EndOfInput`].
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut lexer = Lexer::new(src);
    let mut out = Vec::with_capacity(src.len() / 4 + 4);
    loop {
        let t = lexer.next_token();
        out.push(t);
        if t.kind == Tok::EndOfInput {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tok::*;

    fn kinds(src: &str) -> Vec<(Tok, &str)> {
        tokenize(src)
            .into_iter()
            .map(|t| (t.kind, &src[t.start as usize..t.end as usize]))
            .collect()
    }

    #[test]
    fn header_and_simple_edge() {
        assert_eq!(
            kinds("graph TD\nA-->B\n"),
            vec![
                (Graph, "graph"),
                (Dir, " TD"),
                (Newline, "\n"),
                (NodeString, "A"),
                (Link, "-->"),
                (NodeString, "B"),
                (Newline, "\n"),
                (Eof, ""),
                (EndOfInput, "")
            ]
        );
    }

    #[test]
    fn arrow_with_text_is_split_in_characters() {
        let k = kinds("graph\nA-- hi -->B\n");
        assert_eq!(k[1], (NoDir, "\n"));
        assert_eq!(k[3], (StartLink, "-- "));
        assert_eq!(k[4], (EdgeText, "h"));
        assert_eq!(k[5], (EdgeText, "i"));
        assert_eq!(k[6], (Link, " -->"));
    }

    #[test]
    fn labels_switch_to_text_state() {
        let k = kinds("graph\nA[Hello (x)]\n");
        assert_eq!(k[3], (Sqs, "["));
        assert_eq!(k[4], (Text, "Hello "));
        assert_eq!(k[5], (Ps, "("));
    }

    #[test]
    fn direction_line_wins_over_everything() {
        let k = kinds("graph\nA[direction LR]\n");
        assert_eq!(k[2], (DirectionLr, "A[direction LR]"));
    }

    #[test]
    fn link_id_takes_last_at() {
        let k = kinds("graph\nA e1@-->B\n");
        assert_eq!(k[4], (LinkId, "e1@"));
        let k = kinds("graph\nA@{ shape: rect }\n");
        assert_eq!(k[2], (NodeString, "A"));
        assert_eq!(k[3], (ShapeDataOpen, "@{"));
    }

    #[test]
    fn keywords_need_a_word_boundary() {
        assert_eq!(kinds("graph\ngraphX\n")[2], (NodeString, "graphX"));
        assert_eq!(kinds("graph\nend \n")[2], (End, "end \n"));
        assert_eq!(kinds("graph\nvA\n")[2], (NodeString, "vA"));
        assert_eq!(kinds("graph\nv\n")[2], (Down, "v"));
    }

    #[test]
    fn long_dashes_backtrack_to_open_arrow() {
        assert_eq!(kinds("graph\nA---B\n")[3], (Link, "---"));
        assert_eq!(kinds("graph\nA--xB\n")[3], (Link, "--x"));
        assert_eq!(kinds("graph\nA-.->B\n")[3], (Link, "-.->"));
        assert_eq!(kinds("graph\nA~~~B\n")[3], (Link, "~~~"));
    }

    #[test]
    fn letter_and_bracket_shortcuts_keep_the_rule_order() {
        assert_eq!(
            kinds("graph\nB direction LR\n")[2],
            (DirectionLr, "B direction LR")
        );
        assert_eq!(kinds("graph\nB e1@-->C\n")[4], (LinkId, "e1@"));
        assert_eq!(kinds("graph\nBe1@-->C\n")[2], (LinkId, "Be1@"));
        assert_eq!(kinds("graph\nAbc-x\n")[2], (NodeString, "Abc-x"));
        let k = kinds("graph\nA[|f:v|t]\nB[[s]]\nC[(c)]\nD[/t/]\nE[\\t\\]\nF[x]\n");
        assert!(k.contains(&(VertexWithPropsStart, "[|")));
        assert!(k.contains(&(SubroutineStart, "[[")));
        assert!(k.contains(&(CylinderStart, "[(")));
        assert!(k.contains(&(TrapStart, "[/")));
        assert!(k.contains(&(InvTrapStart, "[\\")));
        assert!(k.contains(&(Sqs, "[")));
        let k = kinds("graph\nA-->|t|B\nC---|u|D\n");
        assert_eq!(k.iter().filter(|&&(t, _)| t == Pipe).count(), 4);
        assert_eq!(kinds("graph\nA-->|e1@x|B\n")[2], (LinkId, "A-->|e1@"));
        assert!(kinds("graph\nA --> |x|e1@-->B\n").contains(&(LinkId, "|x|e1@")));
        assert_eq!(kinds("graph\nx--xB\n")[2], (Link, "x--x"));
        assert_eq!(kinds("graph\nA x--x B\n")[3], (Link, " x--x "));
    }

    #[test]
    fn blank_runs_are_spaces_unless_an_arrow_or_line_break_follows() {
        let k = kinds("graph\n  A   -->  B  \n \t x--x C\n");
        assert_eq!(&k[2..5], &[(Space, " "), (Space, " "), (NodeString, "A")]);
        assert_eq!(k[5], (Link, "   -->  "));
        // `\s*` before an arrow spans line breaks too.
        assert_eq!(k[6], (NodeString, "B"));
        assert_eq!(k[7], (Link, "  \n \t x--x "));
        let k = kinds("graph\n  A  \n  B\n");
        assert_eq!(&k[4..7], &[(NodeString, "A"), (Space, " "), (Space, " ")]);
        assert_eq!(&k[7..10], &[(Newline, "\n"), (Space, " "), (Space, " ")]);
        let k = kinds("graph\n   C direction TB\n");
        assert_eq!(k[2], (DirectionTb, "   C direction TB"));
    }

    #[test]
    fn single_closers_in_text_keep_the_two_character_rules_first() {
        assert!(kinds("graph\nA[x]]\n").contains(&(SubroutineEnd, "]]")));
        assert!(kinds("graph\nA[x])\n").contains(&(StadiumEnd, "])")));
        assert!(kinds("graph\nA[x]\n").contains(&(Sqe, "]")));
        assert!(kinds("graph\nA{x}\n").contains(&(DiamondStop, "}")));
        assert!(kinds("graph\nA-->|x|B\n").contains(&(Pipe, "|")));
        assert!(kinds("graph\nA[ ~~~ y]\n").contains(&(Link, " ~~~ ")));
    }

    /// The `NODE_STRING` rule one byte at a time, as the regular expression reads.
    fn node_string_by_bytes(i: &str) -> Option<usize> {
        let b = i.as_bytes();
        let mut n = 0;
        while n < b.len() {
            let c = b[n];
            let ok = NODE_STRING_BYTES[c as usize]
                || (c == b'-'
                    && b.get(n + 1)
                        .is_some_and(|&d| !matches!(d, b'>' | b'-' | b'.')));
            if !ok {
                break;
            }
            n += 1;
        }
        (n > 0).then_some(n)
    }

    proptest::proptest! {
        #[test]
        fn node_string_runs_agree_with_the_byte_loop(text in "[a-c0-9_>.=&\\- é-]{0,14}") {
            proptest::prop_assert_eq!(node_string(&text), node_string_by_bytes(&text));
        }
    }

    #[test]
    fn node_string_table_is_the_character_class() {
        for c in 0u8..128 {
            let listed = c.is_ascii_alphanumeric() || b"!\"#$%&'*+.`?\\_/".contains(&c);
            assert_eq!(NODE_STRING_BYTES[usize::from(c)], listed, "{c}");
            let text = format!("{}x", char::from(c));
            let expected = if listed || c == b'-' { Some(2) } else { None };
            assert_eq!(node_string(&text), expected, "{text:?}");
        }
        assert_eq!(node_string("a->"), Some(1));
        assert_eq!(node_string("a-.b"), Some(1));
        assert_eq!(node_string("a-b"), Some(3));
        assert!(!NODE_STRING_BYTES[0xC3]);
    }

    #[test]
    fn whitespace_runs_end_at_the_first_non_space_character() {
        let pieces = [
            " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{A0}", "\u{3000}", "\u{2028}",
        ];
        let ends = ["", "x", "가", "\u{200B}", "-"];
        let mut seed = 7u32;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(seed % 9) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            let run = text.len();
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            text.push_str(ends[(seed >> 16) as usize % ends.len()]);
            let expected = text.find(|c| !is_js_space(c)).unwrap_or(text.len());
            assert_eq!(expected, run, "{text:?}");
            assert_eq!(ws_len(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn emoji_outside_labels_is_a_lexical_error() {
        assert_eq!(kinds("graph\n🌐\n")[2], (Error, "🌐"));
        assert_eq!(kinds("graph\n가나\n")[2], (UnicodeText, "가"));
    }

    #[test]
    fn strings_and_markdown() {
        let k = kinds("graph\nA[\"x\"]\nB[\"`**b**`\"]\n");
        assert!(k.contains(&(Str, "x")));
        assert!(k.contains(&(MdStr, "**b**")));
    }
}
