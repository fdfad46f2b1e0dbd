//! A recursive-descent parser over the token stream that accepts exactly the language of
//! Mermaid's flowchart grammar (`flow.jison`) and builds the syntax tree.
//!
//! Each function below is one nonterminal of that grammar; where the LALR parser would decide by
//! one token of look-ahead, so do we. After an error the parser skips to the next statement
//! separator and goes on, so that one bad line does not hide the errors after it.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::Arc;

use super::ast::*;
use super::blank::{blank_lens, trim};
use super::error::SyntaxError;
use super::lexer::Lexer;
use super::preprocess::OffsetMap;
use super::shared_text::SharedText;
use super::token::{Tok, Token};
use crate::source::Span;
use crate::target::MermaidTarget;

/// Parses the tokens of preprocessed text `src` (`map` leads back to the original source).
/// Returns the header and statements, and every error found. Tokens are pulled from the lexer
/// as the grammar needs them, so that no token list is ever held in memory.
pub fn parse_text(
    shared: &Arc<String>,
    map: &OffsetMap,
    target: MermaidTarget,
) -> (Option<(Header, Vec<Statement>)>, Vec<SyntaxError>) {
    parse_text_into(shared, map, target, None)
}

/// [`parse_text`] handing every top-level statement to `sink` as soon as it is complete (a
/// top-level subgraph once its `end` is read) instead of keeping it: the returned statement
/// list is empty. Statements that fail to parse are reported as errors and never reach `sink`.
pub fn parse_text_streaming(
    shared: &Arc<String>,
    map: &OffsetMap,
    target: MermaidTarget,
    mut sink: impl FnMut(Statement),
) -> (Option<(Header, Vec<Statement>)>, Vec<SyntaxError>) {
    parse_text_into(shared, map, target, Some(&mut sink))
}

fn parse_text_into<'a>(
    shared: &'a Arc<String>,
    map: &'a OffsetMap,
    target: MermaidTarget,
    hand_over: Option<&'a mut dyn FnMut(Statement)>,
) -> (Option<(Header, Vec<Statement>)>, Vec<SyntaxError>) {
    let src: &str = shared;
    let mut lexer = Lexer::with_target(src, target);
    let first = lexer.next_token();
    let second = lexer.next_token();
    let mut p = Parser {
        src,
        shared,
        lexer,
        cur: first,
        next: second,
        more: VecDeque::new(),
        last: first,
        consumed: 0,
        finished: false,
        map,
        span_hint: Cell::new(0),
        errors: Vec::new(),
        statements: Vec::new(),
        hand_over,
        placeholders: memchr::memmem::find(src.as_bytes(), OPEN.as_bytes()).is_some(),
        stuck: false,
        depth: 0,
        target,
    };
    let result = p.flowchart();
    (result, p.errors)
}

/// How many links of one statement are handed over at a time when statements are streamed
/// ([`parse_text_streaming`]); a part after the first has an empty first group.
pub(crate) const STATEMENT_PART: usize = 1024;

/// How many errors to report before giving up on a diagram.
const MAX_ERRORS: usize = 50;

/// How deeply subgraphs may nest. Real diagrams nest a dozen levels; the limit keeps every
/// recursive pass over the tree (parsing, building, printing, dropping) within a thread's stack.
pub const MAX_SUBGRAPH_DEPTH: usize = 128;

struct Parser<'a> {
    src: &'a str,
    /// `src` as the buffer that label texts share.
    shared: &'a Arc<String>,
    lexer: Lexer<'a>,
    /// The current token.
    cur: Token,
    /// The token after it.
    next: Token,
    /// Tokens after `next`, read ahead by [`Parser::spaces_then`] only.
    more: VecDeque<Token>,
    /// The token consumed last.
    last: Token,
    /// How many tokens have been consumed, to detect a loop that makes no progress.
    consumed: usize,
    /// Set once the parser gives up: every further token is the end.
    finished: bool,
    map: &'a OffsetMap,
    /// The offset-map segment of the last span mapped (see [`OffsetMap::span_to_original_near`]).
    span_hint: Cell<usize>,
    errors: Vec<SyntaxError>,
    /// The statements of the bodies being parsed, innermost last: each body's statements are
    /// gathered here and moved out once when it ends, instead of growing a list per body.
    statements: Vec<Statement>,
    /// Where top-level statements go when they are not kept in the tree.
    hand_over: Option<&'a mut dyn FnMut(Statement)>,
    /// Whether the text holds an entity placeholder anywhere; when not, no label needs decoding.
    placeholders: bool,
    /// Set once the parser gives up on the rest of the text (subgraphs nested too deep):
    /// further errors would only be noise.
    stuck: bool,
    /// How many subgraphs enclose the current statement.
    depth: usize,
    /// The Mermaid release whose grammar this is (12 allows blanks before and after `@{ }`).
    target: MermaidTarget,
}

/// A parse result; the error is boxed so that results stay small as they are passed up.
type PResult<T> = Result<T, Box<SyntaxError>>;

/// A node id's range in the text and its span, and the node's shape and label when written.
type IdAndShape = ((u32, u32, Span), Option<Box<ShapeLabel>>);

/// A failed [`PResult`].
fn fail<T>(e: SyntaxError) -> PResult<T> {
    Err(Box::new(e))
}

/// Where an unquoted label that runs into a bracket ends on its line `line` (the text after
/// its opener): at the first `closer` outside the brackets the label itself opens and closes
/// (`Trip Service (AKS)] --> Db[(SQL)]` ends before the first `]`), else at the last `closer`
/// of the line; `None` when the line holds no `closer`.
pub(crate) fn label_end(line: &str, closer: &str) -> Option<usize> {
    if closer.is_empty() {
        return None;
    }
    let mut depth = 0usize;
    for (k, c) in line.char_indices() {
        if depth == 0 && line[k..].starts_with(closer) {
            return Some(k);
        }
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    line.rfind(closer)
}

fn is_id_token(t: Tok) -> bool {
    use Tok::*;
    matches!(
        t,
        Num | NodeString | Down | Minus | Default | Comma | Colon | Amp | Brkt | Mult | UnicodeText
    )
}

fn is_text_token(t: Tok) -> bool {
    matches!(
        t,
        Tok::Text | Tok::TagStart | Tok::TagEnd | Tok::UnicodeText
    )
}

fn is_text_no_tags_token(t: Tok) -> bool {
    use Tok::*;
    matches!(
        t,
        Num | NodeString
            | Space
            | Minus
            | Amp
            | UnicodeText
            | Colon
            | Mult
            | Brkt
            | Style
            | LinkStyle
            | ClassDef
            | Class
            | Click
            | Graph
            | Dir
            | Subgraph
            | End
            | Down
            | Up
            | StartLink
    )
}

fn is_alpha_num_token(t: Tok) -> bool {
    use Tok::*;
    matches!(
        t,
        Num | UnicodeText | NodeString | Dir | Down | Minus | Comma | Colon | Amp | Brkt | Mult
    )
}

fn is_style_component(t: Tok) -> bool {
    matches!(
        t,
        Tok::Num | Tok::NodeString | Tok::Colon | Tok::Space | Tok::Brkt | Tok::Style
    )
}

const OPEN: &str = "\u{FB02}\u{B0}";
const CLOSE: &str = "\u{B6}\u{DF}";

/// Whether `text` holds an entity placeholder (the first byte of `ﬂ` is rare in labels).
fn has_placeholder(text: &str) -> bool {
    let (lead, bytes) = (OPEN.as_bytes()[0], text.as_bytes());
    let mut from = 0;
    while let Some(k) = memchr::memchr(lead, &bytes[from..]) {
        if bytes[from + k..].starts_with(OPEN.as_bytes()) {
            return true;
        }
        from += k + 1;
    }
    false
}

/// Like [`decode_entity_placeholders`], reusing `text` when it holds no placeholder.
fn decode_owned(text: String) -> String {
    if has_placeholder(&text) {
        decode_entity_placeholders(&text)
    } else {
        text
    }
}

/// Mermaid's private spelling of `#name;` and `#123;` entity codes, turned back into the source form.
pub fn decode_entity_placeholders(text: &str) -> String {
    if !has_placeholder(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(k) = rest.find(OPEN) {
        out.push_str(&rest[..k]);
        let after = &rest[k + OPEN.len()..];
        // Numeric codes carry a second `°`: `ﬂ°°9829¶ß` is `#9829;`.
        let body = after.strip_prefix('\u{B0}').unwrap_or(after);
        match body.find(CLOSE) {
            Some(e) => {
                out.push('#');
                out.push_str(&body[..e]);
                out.push(';');
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

impl<'a> Parser<'a> {
    fn peek(&self) -> Tok {
        self.peek_at(0)
    }

    /// The kind of the current token (`k == 0`) or the next one (`k == 1`).
    fn peek_at(&self, k: usize) -> Tok {
        match k {
            0 => self.cur.kind,
            _ => self.next.kind,
        }
    }

    fn tok(&self) -> Token {
        self.cur
    }

    /// Token `k` places ahead (0 is the current one), read from the lexer when needed.
    fn ahead(&mut self, k: usize) -> Token {
        match k {
            0 => self.cur,
            1 => self.next,
            _ => {
                while self.more.len() < k - 1 {
                    let t = self.next_from_lexer();
                    self.more.push_back(t);
                }
                self.more[k - 2]
            }
        }
    }

    /// The token every read returns once the parser has given up.
    fn end_token(&self) -> Token {
        let end = self.src.len() as u32;
        Token {
            kind: Tok::EndOfInput,
            start: end,
            end,
        }
    }

    fn next_from_lexer(&mut self) -> Token {
        if self.finished {
            return self.end_token();
        }
        self.lexer.next_token()
    }

    /// Reads the token after `cur` into `next`.
    fn refill_next(&mut self) {
        if self.finished {
            self.next = self.end_token();
        } else {
            self.lexer.next_token_into(&mut self.next);
        }
    }

    fn bump(&mut self) -> Token {
        let t = self.tok();
        if t.kind != Tok::EndOfInput {
            self.last = t;
            self.consumed += 1;
            self.cur = self.next;
            match self.more.pop_front() {
                Some(t) => self.next = t,
                None => self.refill_next(),
            }
        }
        t
    }

    /// How many spaces come next, and the kind of the token after them (without consuming).
    fn spaces_then(&mut self) -> (usize, Tok) {
        let mut k = 0;
        loop {
            let t = self.ahead(k);
            if t.kind != Tok::Space {
                return (k, t.kind);
            }
            k += 1;
        }
    }

    /// Gives up on the rest of the diagram.
    fn finish(&mut self) {
        self.finished = true;
        let t = self.end_token();
        self.cur = t;
        self.next = t;
        self.more.clear();
    }

    fn slice(&self, t: Token) -> &'a str {
        &self.src[t.start as usize..t.end as usize]
    }

    /// The span in the original source of preprocessed range `[start, end)`.
    fn span(&self, start: u32, end: u32) -> Span {
        let mut hint = self.span_hint.get();
        let (s, e) = self
            .map
            .span_to_original_near((start as usize, end as usize), &mut hint);
        self.span_hint.set(hint);
        Span::new(s, e.max(s))
    }

    fn tspan(&self, t: Token) -> Span {
        self.span(t.start, t.end)
    }

    fn span_from(&self, first: Token) -> Span {
        self.span(first.start, self.last.end.max(first.start))
    }

    /// The span of the token that caused an error; a zero-width end token points at the last
    /// character before it.
    fn error_span(&self, t: Token) -> Span {
        if !matches!(t.kind, Tok::EndOfInput | Tok::Eof) {
            return self.tspan(t);
        }
        // Point at the last character written, not past the final line break.
        let before = self.src[..(t.start as usize).min(self.src.len())].trim_end();
        match before.char_indices().next_back() {
            Some((k, c)) => self.span(k as u32, (k + c.len_utf8()) as u32),
            None => self.tspan(t),
        }
    }

    fn found(&self, t: Token) -> String {
        let text = self.slice(t);
        match t.kind {
            Tok::EndOfInput | Tok::Eof => "the end of the diagram".into(),
            Tok::Newline => "a line break".into(),
            Tok::Space => "a space".into(),
            _ => {
                let shown: String = text.trim().chars().take(30).collect();
                if shown.is_empty() {
                    t.kind.describe().to_string()
                } else {
                    format!("`{}`", decode_entity_placeholders(&shown))
                }
            }
        }
    }

    /// An error for the current token, which is not what `expected` describes.
    fn unexpected(&self, expected: &str) -> SyntaxError {
        let t = self.tok();
        if let Some(e) = self.entity_error(t, expected) {
            return e;
        }
        if t.kind == Tok::Error {
            return self.lexical_error(t);
        }
        let found = self.found(t);
        SyntaxError::new(
            self.error_span(t),
            format!("expected {expected}, found {found}"),
            format!("expected {expected}"),
        )
    }

    /// The error for an `#name;` entity code that Mermaid's preprocessing put where the grammar
    /// cannot take it (most often the `;` after a colour in a style).
    fn entity_error(&self, t: Token, expected: &str) -> Option<SyntaxError> {
        // The placeholder starts at the token, or one character before when its `ﬂ` was read
        // as a letter of a node id and the `°` after it is the unexpected character.
        let at = t.start as usize;
        let at = [at, at.saturating_sub('\u{FB02}'.len_utf8())]
            .into_iter()
            .find(|&a| self.src.get(a..).is_some_and(|r| r.starts_with(OPEN)))?;
        let end = at + self.src[at..].find(CLOSE)? + CLOSE.len();
        let code = decode_entity_placeholders(&self.src[at..end]);
        let line_start = self.src[..at].rfind(['\n', ';']).map_or(0, |k| k + 1);
        let statement = self.src[line_start..at].trim_start();
        let help = if statement.starts_with("style") || statement.starts_with("classDef") {
            format!(
                "Mermaid turns `#word;` into an entity before parsing; if `{}` is a colour, drop the `;` after it or end the statement with a line break",
                code.trim_end_matches(';')
            )
        } else {
            format!(
                "Mermaid turns `#word;` into an entity before parsing, so `{code}` can only stand inside a label: `id[\"{code}\"]`"
            )
        };
        Some(
            SyntaxError::new(
                self.span(at as u32, end as u32),
                format!("expected {expected}, found entity code `{code}`"),
                "Mermaid reads this as an HTML entity code",
            )
            .with_help(help),
        )
    }

    fn lexical_error(&self, t: Token) -> SyntaxError {
        let text = self.slice(t);
        let c = text.chars().next().unwrap_or('?');
        let span = self.tspan(t);
        let shown = if c == '\u{FB02}' {
            "an entity code such as `#quot;`".to_string()
        } else if c.is_control() {
            format!("U+{:04X}", c as u32)
        } else {
            format!("`{c}`")
        };
        let err = SyntaxError::new(
            span,
            format!("unexpected character {shown}"),
            "Mermaid does not accept this character here",
        );
        if c == '%' {
            err.with_help("comments must stand on a line of their own: `%% comment`")
        } else if c == '\u{FB02}' {
            err.with_help("entity codes belong inside a label: `A[\"#quot;text#quot;\"]`")
        } else if !c.is_ascii() || c == '@' || c == '~' || c == ')' || c == ']' || c == '}' {
            err.with_help("outside a label only names are allowed; put the text in a quoted label: `id[\"text\"]`")
        } else {
            err
        }
    }

    fn expect(&mut self, kind: Tok, expected: &str) -> PResult<Token> {
        if self.peek() == kind {
            Ok(self.bump())
        } else {
            fail(self.unexpected(expected))
        }
    }

    fn skip_spaces(&mut self) -> usize {
        let mut n = 0;
        while self.peek() == Tok::Space {
            self.bump();
            n += 1;
        }
        n
    }

    fn report(&mut self, e: SyntaxError) {
        if self.stuck {
            return;
        }
        if self.errors.len() < MAX_ERRORS && !self.errors.iter().any(|x| x.span == e.span) {
            self.errors.push(e);
        }
    }

    /// Skips to just after the next separator, for error recovery.
    fn recover(&mut self) {
        loop {
            match self.peek() {
                Tok::Newline | Tok::Semi => {
                    self.bump();
                    return;
                }
                Tok::EndOfInput | Tok::Eof | Tok::End => return,
                Tok::Text | Tok::EdgeText if self.slice(self.tok()).contains('\n') => {
                    // Mermaid's lexer is held inside a label across the line end (an unquoted
                    // `(` in `[…]` ends as a cylinder `)]`, …): the rest of the file would be
                    // label text. Read on from that line end as if the label had been closed,
                    // so that the errors of the following statements are reported too.
                    let t = self.tok();
                    let nl = t.start as usize + self.slice(t).find('\n').unwrap_or(0);
                    self.lexer.restart_at(nl);
                    self.more.clear();
                    self.cur = self.lexer.next_token();
                    self.refill_next();
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    // start: graphConfig document
    fn flowchart(&mut self) -> Option<(Header, Vec<Statement>)> {
        let header = match self.graph_config() {
            Ok(h) => h,
            Err(e) => {
                self.report(*e);
                return None;
            }
        };
        let statements = self.document(false);
        Some((header, statements))
    }

    // graphConfig: SPACE graphConfig | NEWLINE graphConfig | GRAPH NODIR | GRAPH DIR FirstStmtSeparator
    fn graph_config(&mut self) -> PResult<Header> {
        while matches!(self.peek(), Tok::Space | Tok::Newline) {
            self.bump();
        }
        let g = self.expect(Tok::Graph, "`graph` or `flowchart`")?;
        let keyword = match self.slice(g) {
            "flowchart-elk" => HeaderKeyword::FlowchartElk,
            "flowchart" => HeaderKeyword::Flowchart,
            "swimlane-beta" => HeaderKeyword::SwimlaneBeta,
            _ => HeaderKeyword::Graph,
        };
        match self.peek() {
            Tok::NoDir => {
                self.bump();
                Ok(Header {
                    keyword,
                    direction: None,
                    span: self.tspan(g),
                })
            }
            Tok::Dir => {
                let d = self.bump();
                let text = self.slice(d);
                let trimmed = text.trim_start();
                let dspan = self.span(d.start + (text.len() - trimmed.len()) as u32, d.end);
                // FirstStmtSeparator: SEMI | NEWLINE | spaceList NEWLINE
                match self.peek() {
                    Tok::Semi | Tok::Newline => {
                        self.bump();
                    }
                    Tok::Space => {
                        self.skip_spaces();
                        self.expect(Tok::Newline, "a line break after the direction")?;
                    }
                    _ => {
                        return fail(
                            self.unexpected("a line break or `;` after the direction")
                                .with_help("put the first statement on its own line"),
                        );
                    }
                }
                Ok(Header {
                    keyword,
                    direction: Some(Spanned {
                        value: trimmed.to_string(),
                        span: dspan,
                    }),
                    span: self.tspan(g).to(dspan),
                })
            }
            _ => fail(
                self.unexpected("a direction (`TB`, `TD`, `BT`, `LR`, `RL`) or a line break")
                    .with_help("write the direction right after the keyword, e.g. `flowchart LR`"),
            ),
        }
    }

    // document: line*   (inside a subgraph it stops at `end`)
    fn document(&mut self, in_subgraph: bool) -> Vec<Statement> {
        let base = self.statements.len();
        loop {
            match self.peek() {
                Tok::Newline | Tok::Space | Tok::Eof => {
                    if self.next.kind == Tok::Space && self.more.is_empty() && !self.finished {
                        // Indentation: the blanks after the next one need no tokens.
                        self.lexer.skip_plain_spaces();
                    }
                    self.bump();
                }
                Tok::Semi => {
                    let t = self.bump();
                    // Only inside a subgraph does a stray `;` mean something (Mermaid lists it
                    // as a member).
                    if in_subgraph {
                        let span = self.tspan(t);
                        self.statements.push(Statement::Empty(span));
                    }
                }
                Tok::End if in_subgraph => return self.statements_from(base),
                Tok::EndOfInput => return self.statements_from(base),
                _ => {
                    if self.errors.len() >= MAX_ERRORS {
                        self.finish();
                        return self.statements_from(base);
                    }
                    let start = self.consumed;
                    let read = if is_id_token(self.peek()) {
                        self.vertex_line(in_subgraph)
                    } else {
                        self.statement().map(|s| self.store(s, in_subgraph))
                    };
                    match read {
                        Ok(()) => {}
                        Err(e) => {
                            self.report(*e);
                            self.recover();
                            if self.consumed == start {
                                self.bump();
                            }
                        }
                    }
                }
            }
        }
    }

    /// Keeps a complete statement in the body being read, or hands a top-level one over.
    fn store(&mut self, s: Statement, in_subgraph: bool) {
        match &mut self.hand_over {
            Some(hand_over) if !in_subgraph => hand_over(s),
            _ => self.statements.push(s),
        }
    }

    /// The statements pushed since `base`, taken off the stack: a subgraph body gets a list of
    /// exactly its length; the whole diagram (`base` 0) takes the stack itself, and so does the
    /// body of a top-level subgraph when top-level statements are handed over (the body is
    /// dropped once folded, so its spare room does not stay).
    fn statements_from(&mut self, base: usize) -> Vec<Statement> {
        if base == 0 && (self.depth == 0 || self.hand_over.is_some()) {
            std::mem::take(&mut self.statements)
        } else {
            self.statements.drain(base..).collect()
        }
    }

    fn separator(&mut self) -> PResult<()> {
        match self.peek() {
            Tok::Newline | Tok::Semi | Tok::Eof => {
                self.bump();
                Ok(())
            }
            _ => {
                let e = self.unexpected("a line break or `;` to end the statement");
                let text = self.slice(self.tok());
                fail(if text.starts_with("%%") {
                    e.with_help("Mermaid only accepts `%%` comments on a line of their own")
                } else {
                    e
                })
            }
        }
    }

    fn statement(&mut self) -> PResult<Statement> {
        let t = self.tok();
        match t.kind {
            Tok::Style => {
                let s = self.style_statement()?;
                self.separator()?;
                Ok(Statement::Style(Box::new(s)))
            }
            Tok::LinkStyle => {
                let s = self.link_style()?;
                self.separator()?;
                Ok(Statement::LinkStyle(Box::new(s)))
            }
            Tok::ClassDef => {
                let s = self.class_def()?;
                self.separator()?;
                Ok(Statement::ClassDef(Box::new(s)))
            }
            Tok::Class => {
                let s = self.class_statement()?;
                self.separator()?;
                Ok(Statement::Class(Box::new(s)))
            }
            Tok::Click => {
                let s = self.click()?;
                self.separator()?;
                Ok(Statement::Click(Box::new(s)))
            }
            Tok::Subgraph => self.subgraph().map(|s| Statement::Subgraph(Box::new(s))),
            Tok::DirectionTb
            | Tok::DirectionBt
            | Tok::DirectionRl
            | Tok::DirectionLr
            | Tok::DirectionTd => {
                self.bump();
                let direction = match t.kind {
                    Tok::DirectionTb => "TB",
                    Tok::DirectionBt => "BT",
                    Tok::DirectionRl => "RL",
                    Tok::DirectionLr => "LR",
                    _ => "TD",
                };
                Ok(Statement::Direction(DirectionStatement {
                    direction,
                    span: self.trimmed_span(t),
                }))
            }
            Tok::AccTitle => {
                self.bump();
                let v = self.expect(Tok::AccTitleValue, "the title text")?;
                Ok(Statement::AccTitle(self.trimmed_value(t, v)))
            }
            Tok::AccDescr => {
                self.bump();
                let v = self.expect(Tok::AccDescrValue, "the description text")?;
                Ok(Statement::AccDescr(self.trimmed_value(t, v)))
            }
            Tok::AccDescrMultilineValue => {
                self.bump();
                Ok(Statement::AccDescr(self.trimmed_value(t, t)))
            }
            _ => fail(self.statement_start_error()),
        }
    }

    fn statement_start_error(&self) -> SyntaxError {
        let t = self.tok();
        let e = self.unexpected(
            "a statement (a node, a link, `subgraph`, `classDef`, `class`, `style`, …)",
        );
        match t.kind {
            Tok::End => e.with_help(
                "this `end` closes no subgraph; a node named `end` must be written differently, e.g. `End` or `e[end]`",
            ),
            Tok::Link | Tok::StartLink => {
                e.with_help("a link needs a node before it: `A --> B`")
            }
            _ => e,
        }
    }

    fn trimmed_span(&self, t: Token) -> Span {
        let (lead, trail) = blank_lens(self.slice(t));
        self.span(t.start + lead as u32, t.end - trail as u32)
    }

    fn trimmed_value(&self, first: Token, v: Token) -> Spanned<String> {
        Spanned {
            value: self.slice(v).trim().to_string(),
            span: self.span(first.start, v.end.max(first.end)),
        }
    }

    // idString: idStringToken+
    fn id_string(&mut self, what: &str) -> PResult<Spanned<Name>> {
        let (start, end) = self.id_range(what)?;
        Ok(self.name_at(start, end))
    }

    /// The range of an `idString` in the text, consumed.
    fn id_range(&mut self, what: &str) -> PResult<(u32, u32)> {
        if !is_id_token(self.peek()) {
            return fail(self.unexpected(what));
        }
        let first = self.bump();
        let mut last = first;
        while is_id_token(self.peek()) {
            last = self.bump();
        }
        Ok((first.start, last.end))
    }

    /// The name written at `[start, end)`.
    fn name_at(&self, start: u32, end: u32) -> Spanned<Name> {
        Spanned {
            value: Name::new(&self.src[start as usize..end as usize]),
            span: self.span(start, end),
        }
    }

    fn alpha_num(&mut self, what: &str) -> PResult<Spanned<String>> {
        if !is_alpha_num_token(self.peek()) {
            return fail(self.unexpected(what));
        }
        let first = self.bump();
        let mut last = first;
        while is_alpha_num_token(self.peek()) {
            last = self.bump();
        }
        Ok(Spanned {
            value: self.src[first.start as usize..last.end as usize].to_string(),
            span: self.span(first.start, last.end),
        })
    }

    // vertexStatement (see the grammar): node groups joined by links.
    // Then its separator; the statement is stored as soon as it is read, not moved up through
    // results (a stalled copy per statement, and this is the most frequent one).
    fn vertex_line(&mut self, in_subgraph: bool) -> PResult<()> {
        let first_tok = self.tok();
        let mut first = NodeGroup::new();
        self.node_group(&mut first)?;
        let mut chain: Vec<(Link, NodeGroup)> = Vec::new();
        let mut continued = false;
        // A long chain at the top level is handed over in parts as it is read, so that a
        // million-link line never exists whole (each part starts with the group the last
        // one ended with).
        let in_parts = !in_subgraph && self.hand_over.is_some();
        while matches!(self.peek(), Tok::Link | Tok::StartLink | Tok::LinkId) {
            let link = self.link()?;
            if chain.is_empty() {
                // Most statements hold one link; the default first capacity would be four.
                chain.reserve_exact(1);
            }
            chain.push((link, NodeGroup::new()));
            let (_, group) = chain.last_mut().expect("just pushed");
            self.node_group(group)?;
            if in_parts && chain.len() >= STATEMENT_PART {
                let part = std::mem::replace(&mut chain, Vec::with_capacity(STATEMENT_PART));
                let span = self.span_from(first_tok);
                let statement = VertexStatement {
                    first: std::mem::take(&mut first),
                    chain: part,
                    span,
                };
                self.store(Statement::Vertex(statement), in_subgraph);
                continued = true;
            }
        }
        let span = self.span_from(first_tok);
        self.separator()?;
        if continued && chain.is_empty() {
            return Ok(());
        }
        let statement = VertexStatement { first, chain, span };
        self.store(Statement::Vertex(statement), in_subgraph);
        Ok(())
    }

    // node: styledVertex | node shapeData? spaceList AMP spaceList styledVertex;
    // then the vertexStatement's own `spaceList` or `shapeData` after the last node.
    // The nodes are appended to `nodes`, which is empty and already where the group is kept.
    //
    // Mermaid 12 reads the shape data through `withShape: node spaceList? shapeData` and lets
    // a `spaceList` follow it at the end of the statement; 11 allows neither blank.
    fn node_group(&mut self, nodes: &mut NodeGroup) -> PResult<()> {
        self.styled_vertex(nodes)?;
        loop {
            if self.target >= MermaidTarget::V12 {
                let (spaces, after) = self.spaces_then();
                if spaces > 0 && after == Tok::ShapeDataOpen {
                    self.skip_spaces();
                }
            }
            let data = if self.peek() == Tok::ShapeDataOpen {
                Some(self.shape_data()?)
            } else {
                None
            };
            let (spaces, after) = self.spaces_then();
            let last = nodes.last_mut().expect("a group has a node");
            let had_data = data.is_some();
            if let Some(d) = data {
                last.span = last.span.to(d.span);
                last.data = Some(Box::new(d));
            }
            let trailing_allowed = !had_data || self.target >= MermaidTarget::V12;
            if spaces > 0 && after != Tok::Amp && trailing_allowed {
                // `node spaceList`: trailing spaces belong to the statement.
                self.skip_spaces();
            }
            if spaces > 0 && after == Tok::Amp {
                self.skip_spaces();
                self.bump();
                if self.skip_spaces() == 0 {
                    return fail(
                        self.unexpected("a space after `&`").with_help(
                            "write `A & B` with spaces around `&`; `A&B` is one node id",
                        ),
                    );
                }
                self.styled_vertex(nodes)?;
                continue;
            }
            return Ok(());
        }
    }

    // shapeData: SHAPE_DATA+  (the `@{` token starts it; `}` ends it without a token)
    fn shape_data(&mut self) -> PResult<NodeData> {
        let open = self.bump();
        let mut yaml = String::new();
        let mut end = open.end;
        while matches!(self.peek(), Tok::ShapeData | Tok::ShapeDataStr) {
            let t = self.bump();
            let text = self.slice(t);
            if t.kind == Tok::ShapeDataStr {
                push_with_breaks(&mut yaml, text);
            } else {
                yaml.push_str(text);
            }
            end = t.end;
        }
        // The closing `}` produced no token; it is the byte after the last piece.
        let close = (end as usize..self.src.len())
            .find(|&i| self.src.as_bytes()[i] == b'}')
            .map_or(end, |i| i as u32 + 1);
        if !self.src[end as usize..close as usize].ends_with('}') {
            return fail(self.unexpected("`}` to close the node data"));
        }
        Ok(NodeData {
            yaml: decode_entity_placeholders(&yaml),
            span: self.span(open.start, close),
        })
    }

    // styledVertex: vertex | vertex STYLE_SEPARATOR idString (appended to `group`)
    fn styled_vertex(&mut self, group: &mut NodeGroup) -> PResult<()> {
        let ((start, end, id_span), shape) = self.vertex()?;
        // Built here rather than by `name_at`, so that the name is not returned through memory.
        let id = Spanned {
            value: Name::new(&self.src[start as usize..end as usize]),
            span: id_span,
        };
        let mut span = match &shape {
            Some(s) => id.span.to(s.span),
            None => id.span,
        };
        let mut class = None;
        if self.peek() == Tok::StyleSeparator {
            self.bump();
            let name = self.id_string("a class name after `:::`")?;
            span = span.to(name.span);
            class = Some(Box::new(name));
        }
        // The record is built here, once, where it is stored, from parts that are cheap to
        // return: moving a finished `NodeRef` up through results costs a stalled copy per node.
        group.push(NodeRef {
            id,
            shape,
            class,
            data: None,
            span,
        });
        Ok(())
    }

    /// `vertex`: where the node id is (its range in the text and its span), and the shape and
    /// label when written.
    fn vertex(&mut self) -> PResult<IdAndShape> {
        let (start, end) = self.id_range("a node id")?;
        let id = (start, end, self.span(start, end));
        let open = self.tok();
        let (shape, close): (Shape, &[(Tok, Shape)]) = match open.kind {
            Tok::Sqs => (Shape::Square, &[(Tok::Sqe, Shape::Square)]),
            Tok::DoubleCircleStart => (
                Shape::Doublecircle,
                &[(Tok::DoubleCircleEnd, Shape::Doublecircle)],
            ),
            Tok::Ps if self.peek_at(1) == Tok::Ps => (Shape::Circle, &[(Tok::Pe, Shape::Circle)]),
            Tok::Ps => (Shape::Round, &[(Tok::Pe, Shape::Round)]),
            Tok::EllipseStart => (Shape::Ellipse, &[(Tok::EllipseEnd, Shape::Ellipse)]),
            Tok::StadiumStart => (Shape::Stadium, &[(Tok::StadiumEnd, Shape::Stadium)]),
            Tok::SubroutineStart => (
                Shape::Subroutine,
                &[(Tok::SubroutineEnd, Shape::Subroutine)],
            ),
            Tok::CylinderStart => (Shape::Cylinder, &[(Tok::CylinderEnd, Shape::Cylinder)]),
            Tok::DiamondStart if self.peek_at(1) == Tok::DiamondStart => {
                (Shape::Hexagon, &[(Tok::DiamondStop, Shape::Hexagon)])
            }
            Tok::DiamondStart => (Shape::Diamond, &[(Tok::DiamondStop, Shape::Diamond)]),
            Tok::TagEnd => (Shape::Odd, &[(Tok::Sqe, Shape::Odd)]),
            Tok::TrapStart => (
                Shape::Trapezoid,
                &[
                    (Tok::TrapEnd, Shape::Trapezoid),
                    (Tok::InvTrapEnd, Shape::LeanRight),
                ],
            ),
            Tok::InvTrapStart => (
                Shape::InvTrapezoid,
                &[
                    (Tok::InvTrapEnd, Shape::InvTrapezoid),
                    (Tok::TrapEnd, Shape::LeanLeft),
                ],
            ),
            Tok::VertexWithPropsStart => (Shape::Rect, &[(Tok::Sqe, Shape::Rect)]),
            _ => return Ok((id, None)),
        };
        let doubled = matches!(shape, Shape::Circle | Shape::Hexagon);
        self.bump();
        if doubled {
            self.bump();
        }
        let props = if shape == Shape::Rect {
            let field = self.expect(Tok::NodeString, "a property name after `[|`")?;
            self.expect(Tok::Colon, "`:`")?;
            let value = self.expect(Tok::NodeString, "a property value")?;
            self.expect(Tok::Pipe, "`|`")?;
            Some(Box::new((
                self.slice(field).to_string(),
                self.slice(value).to_string(),
            )))
        } else {
            None
        };
        let label = self.text(open)?;
        let closer = self.peek();
        let Some(&(_, shape)) = close.iter().find(|(k, _)| *k == closer) else {
            return fail(self.label_close_error(open, close[0].0));
        };
        let mut end = self.bump();
        if doubled {
            if self.peek() != close[0].0 {
                return fail(self.label_close_error(open, close[0].0));
            }
            end = self.bump();
        }
        let span = self.span(open.start, end.end);
        Ok((
            id,
            Some(Box::new(ShapeLabel {
                shape,
                label,
                props,
                span,
            })),
        ))
    }

    fn label_close_error(&self, open: Token, close: Tok) -> SyntaxError {
        let t = self.tok();
        let opener = self.slice(open);
        let closer = close.describe();
        let e = self.unexpected(&format!("{closer} to close the label opened by `{opener}`"));
        let e = e.with_related(self.tspan(open), "label opened here");
        let bracket = matches!(
            t.kind,
            Tok::Ps
                | Tok::Pe
                | Tok::Sqs
                | Tok::Sqe
                | Tok::DiamondStart
                | Tok::DiamondStop
                | Tok::Pipe
                | Tok::StadiumStart
                | Tok::CylinderStart
                | Tok::SubroutineStart
                | Tok::DoubleCircleStart
                | Tok::TrapStart
                | Tok::InvTrapStart
                | Tok::EllipseStart
                | Tok::Str
        );
        if bracket {
            let e = e.with_help(format!(
                "brackets, parentheses, braces and `|` end an unquoted label; quote the label: {}",
                self.quoted_suggestion(open, close_spelling(close))
            ));
            match self.quote_fix(open, close_spelling(close)) {
                Some(fix) => e.with_fix(fix),
                None => e,
            }
        } else if matches!(t.kind, Tok::EndOfInput | Tok::Eof) {
            e.with_help("the label is never closed")
        } else {
            e
        }
    }

    /// The fix of an unquoted label that runs into a bracket: a `"` after its opener and one
    /// before the `closer` that ends it on its line (see [`label_end`]); none when the label
    /// holds a `"` or the line no `closer`.
    fn quote_fix(&self, open: Token, closer: &str) -> Option<crate::source::Fix> {
        let rest = &self.src[open.end as usize..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let k = label_end(line, closer)?;
        let content = &line[..k];
        if content.contains('"') || content.trim().is_empty() || self.tok().kind == Tok::Str {
            return None;
        }
        let (a, b) = (open.end as usize, open.end as usize + k);
        let quote = |at: usize| crate::source::Edit {
            span: self.span(at as u32, at as u32),
            replacement: "\"".into(),
        };
        Some(crate::source::Fix {
            message: "quote the label".into(),
            edits: vec![quote(a), quote(b)],
            safe: true,
        })
    }

    /// The label opened by `open`, rewritten in quotes up to the `closer` that ends it (see
    /// [`label_end`]).
    fn quoted_suggestion(&self, open: Token, closer: &str) -> String {
        let opener = self.slice(open);
        let line_start = self.src[..open.start as usize]
            .rfind('\n')
            .map_or(0, |k| k + 1);
        let prefix = self.src[line_start..open.start as usize].trim_start();
        let id_start = prefix
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || matches!(c, '&' | '>' | '-' | '|'))
            .map_or(0, |(k, c)| k + c.len_utf8());
        let id = &prefix[id_start..];
        let rest = &self.src[open.end as usize..];
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let content = match label_end(line, closer) {
            Some(k) => &line[..k],
            None => line.trim_end(),
        };
        let content = decode_entity_placeholders(content).replace('"', "#quot;");
        format!("`{id}{opener}\"{content}\"{closer}`")
    }

    /// `X: token+ | STR | MD_STR` with the grammar's left recursion `X: X token`, so that a
    /// string may be followed by more tokens (`A["a" b]` is the label `a b`). A quoted string
    /// gets `string_kind`; the text is the concatenation of what the lexer delivered.
    fn label_tokens(&mut self, is_token: fn(Tok) -> bool, string_kind: LabelKind) -> Option<Label> {
        let first = self.tok();
        let kind = match first.kind {
            Tok::Str => string_kind,
            Tok::MdStr => LabelKind::Markdown,
            k if is_token(k) => LabelKind::Text,
            _ => return None,
        };
        self.bump();
        let mut last = first;
        // Tokens that follow each other without a gap are one run of the text; a gap (the
        // closing quote of a string followed by more tokens) needs a copy.
        let mut pieced: Option<String> = None;
        while is_token(self.peek()) {
            let t = self.bump();
            if let Some(text) = &mut pieced {
                text.push_str(self.slice(t));
            } else if t.start != last.end {
                let mut text = self.src[first.start as usize..last.end as usize].to_string();
                text.push_str(self.slice(t));
                pieced = Some(text);
            }
            last = t;
        }
        let text = match pieced {
            Some(text) => SharedText::from(decode_owned(text)),
            None => {
                let run = &self.src[first.start as usize..last.end as usize];
                if self.placeholders && has_placeholder(run) {
                    SharedText::from(decode_entity_placeholders(run))
                } else {
                    SharedText::slice(self.shared, first.start, last.end)
                }
            }
        };
        Some(Label {
            text,
            kind,
            span: self.span(first.start, last.end),
        })
    }

    // text: textToken+ | STR | MD_STR
    fn text(&mut self, opener: Token) -> PResult<Label> {
        if let Some(label) = self.label_tokens(is_text_token, LabelKind::String) {
            return Ok(label);
        }
        let e = self.unexpected("label text");
        fail(
            if matches!(
                self.peek(),
                Tok::Sqe | Tok::Pe | Tok::DiamondStop | Tok::Pipe
            ) {
                e.with_help("a label cannot be empty; drop the brackets or write some text")
            } else {
                e.with_related(self.tspan(opener), "label opened here")
            },
        )
    }

    // link: linkStatement arrowText? SPACE? | LINK_ID? START_LINK edgeText LINK
    fn link(&mut self) -> PResult<Link> {
        let first = self.tok();
        let id = if self.peek() == Tok::LinkId {
            let t = self.bump();
            let raw = self.slice(t);
            Some(Box::new(Spanned {
                value: Name::from(raw.replacen('@', "", 1)),
                span: self.span(t.start, t.end - 1),
            }))
        } else {
            None
        };
        match self.peek() {
            Tok::Link => {
                let l = self.bump();
                let info = destruct_end_link(self.slice(l));
                let arrow_span = self.trimmed_span(l);
                let mut text = None;
                if self.peek() == Tok::Pipe {
                    let open = self.bump();
                    text = Some(self.text(open)?);
                    self.expect(Tok::Pipe, "`|` to close the link text")?;
                    if self.peek() == Tok::Space {
                        self.bump();
                    }
                }
                Ok(Link {
                    arrow: info.0,
                    stroke: info.1,
                    length: info.2,
                    text,
                    id,
                    arrow_span,
                    span: self.trimmed_span_from(first),
                })
            }
            Tok::StartLink => {
                let start = self.bump();
                let text = self.edge_text(start)?;
                let end = self.tok();
                if end.kind != Tok::Link {
                    return fail(
                        self.unexpected("the end of the arrow (`-->`, `---`, `==>`, `-.->`, …)")
                            .with_related(self.tspan(start), "arrow with text starts here"),
                    );
                }
                self.bump();
                let (arrow, stroke, length) =
                    destruct_link(trim(self.slice(end)), trim(self.slice(start)));
                let arrow_span = self.trimmed_span(start).to(self.trimmed_span(end));
                Ok(Link {
                    arrow,
                    stroke,
                    length,
                    text: Some(text),
                    id,
                    arrow_span,
                    span: self.trimmed_span_from(first),
                })
            }
            _ => fail(self.unexpected("an arrow after the edge id")),
        }
    }

    fn trimmed_span_from(&self, first: Token) -> Span {
        let last = self.last;
        let (lead, trail) = blank_lens(&self.src[first.start as usize..last.end as usize]);
        self.span(first.start + lead as u32, last.end - trail as u32)
    }

    // edgeText: (EDGE_TEXT | UNICODE_TEXT)+ | STR | MD_STR
    fn edge_text(&mut self, start: Token) -> PResult<Label> {
        if let Some(label) = self.label_tokens(
            |k| matches!(k, Tok::EdgeText | Tok::UnicodeText),
            LabelKind::String,
        ) {
            return Ok(label);
        }
        fail(
            self.unexpected("the text of the arrow")
                .with_related(self.tspan(start), "arrow with text starts here"),
        )
    }

    fn subgraph(&mut self) -> PResult<Subgraph> {
        let kw = self.bump();
        if self.depth >= MAX_SUBGRAPH_DEPTH {
            let e = SyntaxError::new(
                self.tspan(kw),
                format!("subgraphs nested more than {MAX_SUBGRAPH_DEPTH} deep"),
                "too deeply nested",
            )
            .with_help("topomaid reads subgraphs nested up to this depth; flatten the diagram");
            self.report(e);
            self.stuck = true;
            self.finish();
            return fail(self.unexpected("nothing more"));
        }
        self.depth += 1;
        let result = self.subgraph_rest(kw);
        self.depth -= 1;
        result
    }

    fn subgraph_rest(&mut self, kw: Token) -> PResult<Subgraph> {
        let (head, title) = if self.peek() == Tok::Space {
            self.bump();
            let head = self.text_no_tags()?;
            let title = if self.peek() == Tok::Sqs {
                let open = self.bump();
                let t = self.text(open)?;
                self.expect(Tok::Sqe, "`]` to close the subgraph title")?;
                Some(t)
            } else {
                None
            };
            (Some(head), title)
        } else {
            (None, None)
        };
        self.separator()?;
        let body = self.document(true);
        if self.peek() != Tok::End {
            return fail(
                self.unexpected("`end` to close the subgraph")
                    .with_related(self.tspan(kw), "subgraph opened here"),
            );
        }
        let end = self.bump();
        let span = self.span(kw.start, end.start + "end".len() as u32);
        Ok(Subgraph {
            head,
            title,
            body,
            span,
        })
    }

    // textNoTags: textNoTagsToken+ | STR | MD_STR
    fn text_no_tags(&mut self) -> PResult<Label> {
        if let Some(label) = self.label_tokens(is_text_no_tags_token, LabelKind::Text) {
            return Ok(label);
        }
        fail(self.unexpected("a subgraph id or title"))
    }

    // styles: style (COMMA style)*; style: styleComponent+
    fn styles(&mut self) -> PResult<Vec<Spanned<SharedText>>> {
        let mut out = Vec::new();
        loop {
            if !is_style_component(self.peek()) {
                return fail(self.unexpected("a style such as `fill:#f9f`"));
            }
            let first = self.bump();
            let mut last = first;
            while is_style_component(self.peek()) {
                last = self.bump();
            }
            out.push(Spanned {
                value: SharedText::slice(self.shared, first.start, last.end),
                span: self.span(first.start, last.end),
            });
            if self.peek() == Tok::Comma {
                self.bump();
            } else {
                return Ok(out);
            }
        }
    }

    fn space(&mut self, after: &str) -> PResult<()> {
        if self.peek() != Tok::Space {
            return fail(self.unexpected(&format!("a space after {after}")));
        }
        self.bump();
        Ok(())
    }

    // styleStatement: STYLE SPACE idString SPACE stylesOpt
    fn style_statement(&mut self) -> PResult<StyleStatement> {
        let kw = self.bump();
        self.space("`style`")?;
        let id = self.id_string("a node id")?;
        self.space("the node id")?;
        let styles = self.styles()?;
        Ok(StyleStatement {
            id,
            styles,
            span: self.span_from(kw),
        })
    }

    // classDefStatement: CLASSDEF SPACE idString SPACE stylesOpt
    fn class_def(&mut self) -> PResult<ClassDef> {
        let kw = self.bump();
        self.space("`classDef`")?;
        let names = self.id_string("a class name")?;
        self.space("the class name")?;
        let styles = self.styles()?;
        Ok(ClassDef {
            names,
            styles,
            span: self.span_from(kw),
        })
    }

    // classStatement: CLASS SPACE idString SPACE idString
    fn class_statement(&mut self) -> PResult<ClassAssign> {
        let kw = self.bump();
        self.space("`class`")?;
        let ids = self.id_string("node ids")?;
        self.space("the node ids")?;
        let class = self.id_string("a class name")?;
        Ok(ClassAssign {
            ids,
            class,
            span: self.span_from(kw),
        })
    }

    // linkStyleStatement: LINKSTYLE SPACE (DEFAULT | numList) SPACE (INTERPOLATE SPACE alphaNum (SPACE stylesOpt)? | stylesOpt)
    fn link_style(&mut self) -> PResult<LinkStyle> {
        let kw = self.bump();
        self.space("`linkStyle`")?;
        let target = if self.peek() == Tok::Default {
            self.bump();
            LinkStyleTarget::Default
        } else {
            let mut nums = Vec::new();
            loop {
                let n = self.expect(Tok::Num, "a link index or `default`")?;
                nums.push(Spanned {
                    value: self.slice(n).to_string(),
                    span: self.tspan(n),
                });
                if self.peek() == Tok::Comma {
                    self.bump();
                } else {
                    break;
                }
            }
            LinkStyleTarget::Indices(nums)
        };
        self.space("the link indices")?;
        let mut interpolate = None;
        let styles = if self.peek() == Tok::Interpolate {
            self.bump();
            self.space("`interpolate`")?;
            interpolate = Some(self.alpha_num("a curve name such as `basis`")?);
            if self.peek() == Tok::Space {
                self.bump();
                self.styles()?
            } else {
                Vec::new()
            }
        } else {
            self.styles()?
        };
        Ok(LinkStyle {
            target,
            interpolate,
            styles,
            span: self.span_from(kw),
        })
    }

    // clickStatement (see the grammar)
    fn click(&mut self) -> PResult<Click> {
        let c = self.bump();
        let id = Spanned {
            value: self.slice(c).to_string(),
            span: self.tspan(c),
        };
        let str_tok = |p: &mut Self| -> Option<String> {
            if p.peek() == Tok::Space && p.peek_at(1) == Tok::Str {
                p.bump();
                let s = p.bump();
                Some(p.slice(s).to_string())
            } else {
                None
            }
        };
        let target_tok = |p: &mut Self| -> Option<String> {
            if p.peek() == Tok::Space && p.peek_at(1) == Tok::LinkTarget {
                p.bump();
                let s = p.bump();
                Some(p.slice(s).to_string())
            } else {
                None
            }
        };
        let (action, tooltip, target) = match self.peek() {
            Tok::CallbackName => {
                let name = self.bump();
                let args = if self.peek() == Tok::CallbackArgs {
                    let a = self.bump();
                    Some(self.slice(a).to_string())
                } else {
                    None
                };
                let tooltip = str_tok(self);
                (
                    ClickAction::Callback {
                        name: self.slice(name).to_string(),
                        args,
                    },
                    tooltip,
                    None,
                )
            }
            Tok::Href | Tok::Str => {
                if self.peek() == Tok::Href {
                    self.bump();
                }
                let url = self.expect(Tok::Str, "a quoted URL")?;
                let url = self.slice(url).to_string();
                let tooltip = str_tok(self);
                let target = target_tok(self);
                (ClickAction::Href { url }, tooltip, target)
            }
            k if is_alpha_num_token(k) => {
                let name = self.alpha_num("a callback name")?;
                let tooltip = str_tok(self);
                (
                    ClickAction::Callback {
                        name: name.value,
                        args: None,
                    },
                    tooltip,
                    None,
                )
            }
            _ => {
                return fail(
                    self.unexpected("a callback, `call f()`, `href \"url\"` or a quoted URL")
                        .with_help(
                            "e.g. `click A href \"https://example.com\" \"tooltip\" _blank`",
                        ),
                );
            }
        };
        Ok(Click {
            id,
            action,
            tooltip,
            target,
            span: self.span_from(c),
        })
    }
}

fn close_spelling(t: Tok) -> &'static str {
    match t {
        Tok::Sqe => "]",
        Tok::Pe => ")",
        Tok::DiamondStop => "}",
        Tok::StadiumEnd => "])",
        Tok::SubroutineEnd => "]]",
        Tok::CylinderEnd => ")]",
        Tok::DoubleCircleEnd => ")))",
        Tok::EllipseEnd => "-)",
        Tok::TrapEnd => "\\]",
        Tok::InvTrapEnd => "/]",
        _ => "",
    }
}

fn push_with_breaks(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(k) = rest.find('\n') {
        out.push_str(&rest[..k]);
        out.push_str("<br/>");
        let after = &rest[k + 1..];
        let ws = after.len() - after.trim_start_matches(super::lexer::is_js_space).len();
        rest = &after[ws..];
    }
    out.push_str(rest);
}

/// Mermaid's `destructEndLink`: head type, stroke and length of a complete arrow.
pub fn destruct_end_link(arrow: &str) -> (ArrowType, Stroke, usize) {
    let s = trim(arrow);
    match s {
        "-->" => (ArrowType::ArrowPoint, Stroke::Normal, 1),
        "---" => (ArrowType::ArrowOpen, Stroke::Normal, 1),
        "-.->" => (ArrowType::ArrowPoint, Stroke::Dotted, 1),
        "==>" => (ArrowType::ArrowPoint, Stroke::Thick, 1),
        _ => destruct_end_link_by_rules(s),
    }
}

/// [`destruct_end_link`] worked out from the arrow's characters (`s` is trimmed).
fn destruct_end_link_by_rules(s: &str) -> (ArrowType, Stroke, usize) {
    let last = s.chars().last().unwrap_or('-');
    let mut line = &s[..s.len() - last.len_utf8()];
    let single_or_double = |single, double, prefix: char, line: &mut &str| {
        if s.starts_with(prefix) {
            *line = &line[prefix.len_utf8()..];
            double
        } else {
            single
        }
    };
    let arrow = match last {
        'x' => single_or_double(
            ArrowType::ArrowCross,
            ArrowType::DoubleArrowCross,
            'x',
            &mut line,
        ),
        '>' => single_or_double(
            ArrowType::ArrowPoint,
            ArrowType::DoubleArrowPoint,
            '<',
            &mut line,
        ),
        'o' => single_or_double(
            ArrowType::ArrowCircle,
            ArrowType::DoubleArrowCircle,
            'o',
            &mut line,
        ),
        _ => ArrowType::ArrowOpen,
    };
    let mut stroke = Stroke::Normal;
    let mut length = line.chars().count().saturating_sub(1);
    if line.starts_with('=') {
        stroke = Stroke::Thick;
    }
    if line.starts_with('~') {
        stroke = Stroke::Invisible;
    }
    let dots = line.bytes().filter(|&b| b == b'.').count();
    if dots > 0 {
        stroke = Stroke::Dotted;
        length = dots;
    }
    (arrow, stroke, length)
}

/// Mermaid's `destructLink` for an arrow with text: the start (`--`, `x--`, `<==`, `-.`) must agree
/// with the end.
pub fn destruct_link(end: &str, start: &str) -> (ArrowType, Stroke, usize) {
    let (end_type, end_stroke, length) = destruct_end_link(end);
    let s = trim(start);
    let (start_type, rest) = match s.chars().next() {
        Some('<') => (ArrowType::ArrowPoint, &s[1..]),
        Some('x') => (ArrowType::ArrowCross, &s[1..]),
        Some('o') => (ArrowType::ArrowCircle, &s[1..]),
        _ => (ArrowType::ArrowOpen, s),
    };
    let mut start_stroke = Stroke::Normal;
    if rest.contains('=') {
        start_stroke = Stroke::Thick;
    }
    if rest.contains('.') {
        start_stroke = Stroke::Dotted;
    }
    if start_stroke != end_stroke {
        return (ArrowType::Invalid, Stroke::Invalid, length);
    }
    let arrow = match start_type {
        ArrowType::ArrowOpen => end_type,
        t if t != end_type => return (ArrowType::Invalid, Stroke::Invalid, length),
        ArrowType::ArrowPoint => ArrowType::DoubleArrowPoint,
        ArrowType::ArrowCross => ArrowType::DoubleArrowCross,
        _ => ArrowType::DoubleArrowCircle,
    };
    (arrow, start_stroke, length)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unquoted_label_ends_at_its_own_closer() {
        assert_eq!(
            label_end("Trip Service (AKS)] --> Db[(SQL)]", "]"),
            Some(18)
        );
        assert_eq!(label_end("DR Site<br/>(Secondary Region)]", "]"), Some(30));
        assert_eq!(label_end("Failover (manual)} --> X", "}"), Some(17));
        // Unbalanced inside: the last closer of the line.
        assert_eq!(label_end("a (b] c]", "]"), Some(7));
        assert_eq!(label_end("no closer", "]"), None);
    }

    #[test]
    fn the_common_arrows_read_as_their_characters_say() {
        for arrow in ["-->", "---", "-.->", "==>"] {
            assert_eq!(
                destruct_end_link(&format!(" {arrow} ")),
                destruct_end_link_by_rules(arrow),
                "{arrow}"
            );
        }
    }

    #[test]
    fn end_links() {
        assert_eq!(
            destruct_end_link("-->"),
            (ArrowType::ArrowPoint, Stroke::Normal, 1)
        );
        assert_eq!(
            destruct_end_link("---->"),
            (ArrowType::ArrowPoint, Stroke::Normal, 3)
        );
        assert_eq!(
            destruct_end_link("<-->"),
            (ArrowType::DoubleArrowPoint, Stroke::Normal, 1)
        );
        assert_eq!(
            destruct_end_link("-..->"),
            (ArrowType::ArrowPoint, Stroke::Dotted, 2)
        );
        assert_eq!(
            destruct_end_link("==>"),
            (ArrowType::ArrowPoint, Stroke::Thick, 1)
        );
        assert_eq!(
            destruct_end_link("~~~"),
            (ArrowType::ArrowOpen, Stroke::Invisible, 1)
        );
        assert_eq!(
            destruct_end_link("o--o"),
            (ArrowType::DoubleArrowCircle, Stroke::Normal, 1)
        );
        assert_eq!(
            destruct_end_link("---"),
            (ArrowType::ArrowOpen, Stroke::Normal, 1)
        );
    }

    #[test]
    fn text_links_must_agree() {
        assert_eq!(
            destruct_link("-->", "--"),
            (ArrowType::ArrowPoint, Stroke::Normal, 1)
        );
        assert_eq!(
            destruct_link("-->", "<--"),
            (ArrowType::DoubleArrowPoint, Stroke::Normal, 1)
        );
        assert_eq!(destruct_link("==>", "--").1, Stroke::Invalid);
        assert_eq!(destruct_link(".->", "-.").1, Stroke::Dotted);
    }

    #[test]
    fn placeholders_decode() {
        assert_eq!(
            decode_entity_placeholders(
                "a\u{FB02}\u{B0}quot\u{B6}\u{DF}b\u{FB02}\u{B0}\u{B0}9829\u{B6}\u{DF}"
            ),
            "a#quot;b#9829;"
        );
    }
}
