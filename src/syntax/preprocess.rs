//! Mermaid 11's text preprocessing for flowcharts, with a byte-offset map back to the
//! user's original text.
//!
//! [`preprocess`] reproduces, in Mermaid's order, what happens to a diagram before its
//! jison parser sees it:
//!
//! 1. `cleanupText` (`preprocess.ts`): CRLF/CR to LF, double-quoted attributes in
//!    HTML-ish tags become single-quoted.
//! 2. `extractFrontMatter` (`frontmatter.ts`): the `---` YAML block is parsed and removed.
//! 3. `removeDirectives` (`utils.ts`): every `%%{...}%%` directive is removed.
//! 4. `cleanupComments` (`comments.ts`): whole-line `%%` comments are removed, then the
//!    text is trimmed at the start.
//! 5. `detectType` (`detectType.ts`, detectors registered in `diagram-orchestration.ts`).
//! 6. `encodeEntities` (`utils.ts`) and the `'\n'` appended by `Diagram.fromText`.
//! 7. `flowParser.ts`: whitespace between `}` and a line break is dropped.
//!
//! All scanning is hand-written and linear in the input size. Character classes follow
//! JavaScript regular expressions without the `u` flag: `\s` is the ECMAScript
//! whitespace/line-terminator set, `\w` is ASCII, and `.` excludes `\n`, `\r`, U+2028
//! and U+2029.

use std::borrow::Cow;
use std::sync::Arc;

use super::lexer::is_js_space;
use super::shared_text::SharedText;
use crate::target::MermaidTarget;
use yaml_rust2::{Yaml, YamlLoader, yaml::Hash as YamlHash};

const DASHES_MESSAGE: &str = "Diagrams beginning with --- are not valid. If you were trying to use a YAML front-matter, please ensure that you've correctly opened and closed the YAML front-matter with un-indented `---` blocks";

const INIT_HELP: &str = "Mermaid's directive handling throws on this combination of `init` directives; merge them into one `%%{init: {...}}%%` with a JSON object";

const DASHES_HELP: &str = "front matter must start on the very first line with `---` and be closed by a line starting with `---`, neither of them indented";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// Maps byte offsets of the processed text back to byte offsets of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetMap {
    /// Contiguous, non-empty pieces of the processed text, in order.
    segments: Vec<Segment>,
    processed_len: usize,
    original_len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Start of the piece in the processed text; it ends where the next piece starts.
    out: usize,
    /// Start of the corresponding range of the source text.
    src: usize,
    kind: SegmentKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegmentKind {
    /// Byte-for-byte copy (possibly with same-length ASCII substitutions).
    Copy,
    /// Text standing for `src_len` source bytes (an insertion when zero).
    Replace { src_len: usize },
}

impl OffsetMap {
    /// Original byte offset for a byte offset of the processed text.
    ///
    /// Inserted or replaced text maps to the start of what it replaced (or to its
    /// insertion point); an offset just after removed text maps to just after the
    /// removed range; `processed.len()` (and anything beyond) maps to the original length.
    pub fn to_original(&self, processed_offset: usize) -> usize {
        if processed_offset >= self.processed_len {
            return self.original_len;
        }
        self.start_in(self.segment_index(processed_offset), processed_offset)
    }

    /// Original byte offset for an exclusive end offset: the end of the original text of
    /// the processed byte just before `processed_offset` (so removed text that follows is
    /// not included).
    pub fn to_original_end(&self, processed_offset: usize) -> usize {
        let p = processed_offset.min(self.processed_len);
        if p == 0 {
            return self.to_original(0);
        }
        self.end_in(self.segment_index(p - 1), p)
    }

    /// Original span for a `(start, end)` span of the processed text.
    pub fn span_to_original(&self, span: (usize, usize)) -> (usize, usize) {
        if span.1 <= span.0 {
            let at = self.to_original(span.0);
            return (at, at);
        }
        (self.to_original(span.0), self.to_original_end(span.1))
    }

    /// [`OffsetMap::span_to_original`] for a caller that maps many spans in roughly increasing
    /// order: `hint` remembers the segment of the last lookup, so that most lookups need no
    /// search.
    #[inline]
    pub fn span_to_original_near(&self, span: (usize, usize), hint: &mut usize) -> (usize, usize) {
        if let Some(seg) = self.segments.get(*hint)
            && seg.kind == SegmentKind::Copy
            && seg.out <= span.0
            && span.0 < span.1
            && span.1 <= self.segment_end(*hint)
        {
            return (seg.src + (span.0 - seg.out), seg.src + (span.1 - seg.out));
        }
        self.span_to_original_searching(span, hint)
    }

    /// [`OffsetMap::span_to_original_near`] when the span is not inside the hinted segment.
    fn span_to_original_searching(&self, span: (usize, usize), hint: &mut usize) -> (usize, usize) {
        if span.1 <= span.0 || span.1 > self.processed_len {
            return self.span_to_original(span);
        }
        let start = self.segment_index_near(span.0, hint);
        let last = self.segment_index_near(span.1 - 1, hint);
        (self.start_in(start, span.0), self.end_in(last, span.1))
    }

    /// The segment holding processed offset `p` (below the processed length), trying `hint`
    /// and the segment after it before searching.
    fn segment_index_near(&self, p: usize, hint: &mut usize) -> usize {
        let h = *hint;
        for index in [h, h + 1] {
            if self.segments.get(index).is_some_and(|s| s.out <= p) && p < self.segment_end(index) {
                *hint = index;
                return index;
            }
        }
        let index = self.segment_index(p);
        *hint = index;
        index
    }

    fn segment_index(&self, p: usize) -> usize {
        self.segments.partition_point(|s| s.out <= p) - 1
    }

    /// `to_original(p)` for `p` inside segment `index`.
    fn start_in(&self, index: usize, p: usize) -> usize {
        let seg = &self.segments[index];
        match seg.kind {
            SegmentKind::Copy => seg.src + (p - seg.out),
            SegmentKind::Replace { .. } => seg.src,
        }
    }

    /// `to_original_end(p)` for `p - 1` inside segment `index`.
    fn end_in(&self, index: usize, p: usize) -> usize {
        let seg = &self.segments[index];
        match seg.kind {
            SegmentKind::Copy => seg.src + (p - seg.out),
            SegmentKind::Replace { src_len } => seg.src + src_len,
        }
    }

    fn segment_end(&self, index: usize) -> usize {
        self.segments
            .get(index + 1)
            .map_or(self.processed_len, |s| s.out)
    }
}

/// The YAML front matter block that Mermaid removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// Original span of the whole block, from the opening `---` through the line breaks
    /// after the closing `---`.
    pub span: (usize, usize),
    /// The `title` key, converted to a string the way JavaScript's `toString` would.
    pub title: Option<String>,
    /// The YAML text between the delimiters, as Mermaid parsed it (after step 1).
    pub yaml: String,
    /// Original span of `yaml`.
    pub yaml_span: (usize, usize),
}

/// A `%%{...}%%` directive that Mermaid removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Original span of the removed text.
    pub span: (usize, usize),
    /// The directive name, e.g. `init` or `wrap`.
    pub name: String,
    /// The removed text, as Mermaid saw it (after step 1).
    pub text: String,
    /// The argument part: a single word, or everything up to the closing `}%%`.
    pub args: String,
}

/// A whole-line `%%` comment that Mermaid removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Original span from `%%` up to, not including, the line break.
    pub span: (usize, usize),
    /// The text after `%%` (the comments of a diagram share one buffer).
    pub text: SharedText,
}

/// The comments found so far: their spans, and their texts gathered in one buffer, so that a
/// diagram's comments cost one allocation, not one each.
#[derive(Default)]
struct CommentList {
    found: Vec<((usize, usize), u32, u32)>,
    texts: String,
}

impl CommentList {
    fn push(&mut self, span: (usize, usize), text: &str) {
        let start = self.texts.len() as u32;
        self.texts.push_str(text);
        self.found.push((span, start, self.texts.len() as u32));
    }

    fn finish(self) -> Vec<Comment> {
        let buf = Arc::new(self.texts);
        self.found
            .into_iter()
            .map(|(span, start, end)| Comment {
                span,
                text: SharedText::slice(&buf, start, end),
            })
            .collect()
    }
}

/// The diagram type Mermaid's `detectType` would pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiagramType {
    /// Detector ids `flowchart-v2` and `flowchart` (`graph` / `flowchart` keywords).
    Flowchart,
    /// Detector id `flowchart-elk` (`flowchart-elk`, or the elk renderer in config).
    FlowchartElk,
    /// Any other diagram, named by Mermaid's detector id (`sequence`, `class`, `c4`, ...).
    Other(String),
    /// No detector matched.
    Unknown,
}

/// The text the flowchart parser receives, with everything removed on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preprocessed {
    /// The text after all steps, as passed to the jison parser.
    pub text: String,
    /// Maps offsets of `text` to offsets of the original text.
    pub map: OffsetMap,
    /// The front matter block, if there was one.
    pub front_matter: Option<FrontMatter>,
    /// Removed directives, in order.
    pub directives: Vec<Directive>,
    /// Removed whole-line comments, in order.
    pub comments: Vec<Comment>,
    /// The detected diagram type.
    pub diagram_type: DiagramType,
}

/// An error Mermaid would raise while preprocessing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PreprocessError {
    /// The error message.
    pub message: String,
    /// Original span the error is about.
    pub span: (usize, usize),
    /// An optional hint for fixing it.
    pub help: Option<String>,
}

/// Runs Mermaid's preprocessing on `original`.
pub fn preprocess(original: &str) -> Result<Preprocessed, PreprocessError> {
    preprocess_for(original, MermaidTarget::default())
}

/// [`preprocess`] as Mermaid `target` does it (the releases detect diagram types differently).
pub fn preprocess_for(
    original: &str,
    target: MermaidTarget,
) -> Result<Preprocessed, PreprocessError> {
    let (mut text, mut map) = cleanup_text(original);
    let front = extract_front_matter(&mut text, &mut map, original)?;
    let init = detect_init(&text, target);
    let directives = remove_directives(&mut text, &mut map);
    let init = init.map_err(|failure| init_error(failure, &directives))?;
    let comments = cleanup_comments(&mut text, &mut map);
    let front_config = front
        .as_ref()
        .map_or(&Yaml::BadValue, |(_, doc)| &doc["config"]);
    let diagram_type = detect_diagram_type(&text, init, front_config, target).ok_or_else(|| {
        let at = text.find("---").unwrap_or(0);
        PreprocessError {
            message: DASHES_MESSAGE.to_string(),
            span: map.span_to_original((at, (at + 3).min(text.len()))),
            help: Some(DASHES_HELP.to_string()),
        }
    })?;
    encode_entities(&mut text, &mut map);
    trim_after_braces(&mut text, &mut map);
    Ok(Preprocessed {
        text,
        map,
        front_matter: front.map(|(front_matter, _)| front_matter),
        directives,
        comments,
        diagram_type,
    })
}

/// The configuration a diagram gives itself, as Mermaid's `preprocessDiagram` and
/// `addDirective` build it: the front matter's `config` with the `%%{init}%%` directives merged
/// over it, `null` values and `config` keys dropped, strings holding `<`, `>` or `url(data:`
/// removed. An empty mapping when there is none or the text does not preprocess.
pub fn diagram_config(original: &str) -> Yaml {
    let (mut text, mut map) = cleanup_text(original);
    let front = extract_front_matter(&mut text, &mut map, original)
        .ok()
        .flatten();
    let directive = match detect_init(&text, MermaidTarget::default()) {
        Ok(InitOutcome::Config(config)) => config,
        _ => Yaml::BadValue,
    };
    let mut merged = YamlHash::new();
    if let Some((_, doc)) = &front
        && js_truthy(&doc["config"])
    {
        lodash_merge(&mut merged, &doc["config"]);
    }
    lodash_merge(&mut merged, &directive);
    let mut merged = Yaml::Hash(merged);
    sanitize_directive(&mut merged);
    sanitize_strings(&mut merged);
    merged
}

/// Replaces `text` and composes `map` with a step's result, unless the step changed nothing.
fn apply(text: &mut String, map: &mut OffsetMap, step: Option<(String, OffsetMap)>) {
    if let Some((out, step_map)) = step {
        *text = out;
        *map = compose(&step_map, map);
    }
}

/// Removes the first `n` bytes of `text`.
fn drop_prefix(text: &mut String, map: &mut OffsetMap, n: usize) {
    if n == 0 {
        return;
    }
    let rest = text.len() - n;
    let step = OffsetMap {
        segments: if rest == 0 {
            Vec::new()
        } else {
            vec![Segment {
                out: 0,
                src: n,
                kind: SegmentKind::Copy,
            }]
        },
        processed_len: rest,
        original_len: text.len(),
    };
    text.drain(..n);
    *map = compose(&step, map);
}

// ---------------------------------------------------------------------------
// Step 1: cleanupText
// ---------------------------------------------------------------------------

/// `\r\n?` → `\n`, then `="..."` → `='...'` inside every `<(\w+)([^>]*)>`.
fn cleanup_text(original: &str) -> (String, OffsetMap) {
    let bytes = original.as_bytes();
    let mut builder = Builder::new(original);
    let mut from = 0;
    while let Some(cr) = find_byte(bytes, b'\r', from) {
        builder.copy_to(cr);
        if bytes.get(cr + 1) == Some(&b'\n') {
            builder.skip_to(cr + 1);
        } else {
            builder.substitute_to(cr + 1, "\n");
        }
        from = cr + 1;
    }
    let (mut text, map) = builder
        .finish()
        .unwrap_or_else(|| (original.to_string(), OffsetMap::identity(original.len())));
    single_quote_tag_attributes(&mut text);
    (text, map)
}

fn single_quote_tag_attributes(text: &mut String) {
    if find_str(text, "=\"", 0).is_none() {
        return;
    }
    let mut from = 0;
    while let Some(open) = find_byte(text.as_bytes(), b'<', from) {
        if !text
            .as_bytes()
            .get(open + 1)
            .is_some_and(|&b| is_word_byte(b))
        {
            from = open + 1;
            continue;
        }
        let Some(close) = find_byte(text.as_bytes(), b'>', open + 2) else {
            return;
        };
        let mut i = open + 1;
        while let Some(eq) = find_str(&text[..close], "=\"", i) {
            let Some(end) = find_byte(&text.as_bytes()[..close], b'"', eq + 2) else {
                break;
            };
            text.replace_range(eq + 1..eq + 2, "'");
            text.replace_range(end..end + 1, "'");
            i = end + 1;
        }
        from = close + 1;
    }
}

// ---------------------------------------------------------------------------
// Step 2: extractFrontMatter
// ---------------------------------------------------------------------------

/// A match of `/^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+/s`.
struct FrontMatterMatch {
    content: (usize, usize),
    end: usize,
}

/// Removes a leading front matter block and parses its YAML; returns the block with the
/// parsed document.
fn extract_front_matter(
    text: &mut String,
    map: &mut OffsetMap,
    original: &str,
) -> Result<Option<(FrontMatter, Yaml)>, PreprocessError> {
    let Some(found) = match_front_matter(text) else {
        return Ok(None);
    };
    let yaml = &text[found.content.0..found.content.1];
    let span = map.span_to_original((0, found.end));
    let doc = match YamlLoader::load_from_str(yaml) {
        Ok(docs) if docs.len() > 1 => {
            return Err(PreprocessError {
                message: "invalid YAML in front matter: expected a single document in the \
                          stream, but found more"
                    .to_string(),
                span,
                help: Some(
                    "a line starting with `---` inside front matter starts a new YAML document"
                        .to_string(),
                ),
            });
        }
        Ok(mut docs) => docs.pop().unwrap_or(Yaml::Null),
        Err(err) => {
            let index = yaml
                .char_indices()
                .nth(err.marker().index())
                .map_or(yaml.len(), |(i, _)| i);
            let at = map.to_original(found.content.0 + index);
            let (line, column) = line_and_column(original, at);
            return Err(PreprocessError {
                message: format!("invalid YAML in front matter: {}", err.info()),
                span,
                help: Some(format!("the YAML error is at line {line}, column {column}")),
            });
        }
    };
    let title = match &doc {
        Yaml::Hash(hash) => hash
            .get(&Yaml::String("title".to_string()))
            .and_then(js_truthy_to_string),
        _ => None,
    };
    let front = FrontMatter {
        span,
        title,
        yaml: yaml.to_string(),
        yaml_span: map.span_to_original(found.content),
    };
    drop_prefix(text, map, found.end);
    Ok(Some((front, doc)))
}

fn match_front_matter(text: &str) -> Option<FrontMatterMatch> {
    if !text.starts_with("---") {
        return None;
    }
    let bytes = text.as_bytes();
    let run_end = skip_js_space(text, 3);
    let mut last = None;
    let mut before_last = None;
    for (i, &b) in bytes.iter().enumerate().take(run_end).skip(3) {
        if is_newline_byte(b) {
            before_last = last;
            last = Some(i);
        }
    }
    let last = last?;
    if let Some((close, end)) = find_front_matter_close(text, last + 1) {
        return Some(FrontMatterMatch {
            content: (last + 1, close),
            end,
        });
    }
    // Backtracking the opening `\s*` can only help if the closing `---` starts right
    // after the opening whitespace, leaving an all-blank content.
    let before_last = before_last?;
    let end = front_matter_close_at(text, last)?;
    Some(FrontMatterMatch {
        content: (before_last + 1, last),
        end,
    })
}

/// First `[\n\r]-{3}\s*[\n\r]+` at or after `from`: (position of the line break, match end).
fn find_front_matter_close(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        let newline = memchr::memchr2(b'\n', b'\r', bytes.get(i..)?)? + i;
        if let Some(end) = front_matter_close_at(text, newline) {
            return Some((newline, end));
        }
        i = if text[newline + 1..].starts_with("---") {
            skip_js_space(text, newline + 4)
        } else {
            newline + 1
        };
    }
}

fn front_matter_close_at(text: &str, newline: usize) -> Option<usize> {
    if !is_newline_byte(*text.as_bytes().get(newline)?) || !text[newline + 1..].starts_with("---") {
        return None;
    }
    let start = newline + 4;
    let run_end = skip_js_space(text, start);
    let last = text.as_bytes()[start..run_end]
        .iter()
        .rposition(|&b| is_newline_byte(b))?;
    Some(start + last + 1)
}

/// `value.toString()` for a truthy JavaScript value, `None` for a falsy one.
fn js_truthy_to_string(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) if s.is_empty() => None,
        Yaml::Integer(0) | Yaml::Boolean(false) | Yaml::Null => None,
        Yaml::Real(_) if value.as_f64().is_none_or(|x| x == 0.0 || x.is_nan()) => None,
        Yaml::Alias(_) | Yaml::BadValue => None,
        _ => Some(js_to_string(value)),
    }
}

fn js_to_string(value: &Yaml) -> String {
    match value {
        Yaml::String(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Real(s) => value
            .as_f64()
            .map_or_else(|| s.clone(), js_number_to_string),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Array(items) => items
            .iter()
            .map(|item| match item {
                Yaml::Null | Yaml::BadValue => String::new(),
                _ => js_to_string(item),
            })
            .collect::<Vec<_>>()
            .join(","),
        Yaml::Hash(_) => "[object Object]".to_string(),
        Yaml::Null => "null".to_string(),
        Yaml::Alias(_) | Yaml::BadValue => String::new(),
    }
}

fn js_number_to_string(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else if x == x.trunc() && x.abs() < 1e21 {
        format!("{:.0}", x + 0.0)
    } else {
        format!("{x}")
    }
}

// ---------------------------------------------------------------------------
// Step 3: removeDirectives
// ---------------------------------------------------------------------------

/// A match of `directiveRegex` (byte offsets into the scanned text).
struct DirectiveMatch {
    start: usize,
    end: usize,
    name: (usize, usize),
    args: (usize, usize),
    /// The arguments are a single word (capture group 3) rather than free text (group 4).
    word_args: bool,
}

/// Removes every match of `directiveRegex`.
fn remove_directives(text: &mut String, map: &mut OffsetMap) -> Vec<Directive> {
    let found = scan_directives(text);
    let directives = found
        .iter()
        .map(|m| Directive {
            span: map.span_to_original((m.start, m.end)),
            name: text[m.name.0..m.name.1].to_string(),
            text: text[m.start..m.end].to_string(),
            args: text[m.args.0..m.args.1].to_string(),
        })
        .collect();
    let mut builder = Builder::new(text);
    for m in &found {
        builder.copy_to(m.start);
        builder.skip_to(m.end);
    }
    let step = builder.finish();
    apply(text, map, step);
    directives
}

/// All matches of
/// `/%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi`.
fn scan_directives(text: &str) -> Vec<DirectiveMatch> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = find_str(text, "%%{", from) {
        match match_directive_at(text, start) {
            Some(m) => {
                from = m.end;
                found.push(m);
            }
            None => from = start + 1,
        }
    }
    found
}

fn match_directive_at(text: &str, start: usize) -> Option<DirectiveMatch> {
    let bytes = text.as_bytes();
    let name_start = skip_js_space(text, start + 3);
    let name_end = skip_word(bytes, name_start);
    if name_end == name_start {
        return None;
    }
    let after_name = skip_js_space(text, name_end);
    let pos = if bytes.get(after_name) == Some(&b':') {
        after_name + 1
    } else {
        name_end
    };
    let args_start = skip_js_space(text, pos);
    let word_args = bytes.get(args_start).is_some_and(|&b| is_word_byte(b));
    let args_end = if word_args {
        skip_word(bytes, args_start)
    } else {
        scan_directive_body(text, args_start)
    };
    let mut end = skip_js_space(text, args_end);
    if text[end..].starts_with("}%%") {
        end += 3;
    }
    Some(DirectiveMatch {
        start,
        end,
        name: (name_start, name_end),
        args: (args_start, args_end),
        word_args,
    })
}

/// End of `((?:(?!}%{2}).|\r?\n)*)` starting at `from`.
fn scan_directive_body(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'}' if text[i..].starts_with("}%%") => break,
            b'\n' => i += 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' => break,
            b if b < 0x80 => i += 1,
            _ => {
                let c = char_at(text, i);
                if matches!(c, '\u{2028}' | '\u{2029}') {
                    break;
                }
                i += c.len_utf8();
            }
        }
    }
    i
}

// ---------------------------------------------------------------------------
// Step 4: cleanupComments
// ---------------------------------------------------------------------------

/// Removes every match of `/^\s*%%(?!{)[^\n]+\n?/gm`, then trims the start.
fn cleanup_comments(text: &mut String, map: &mut OffsetMap) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let len = text.len();
    let mut builder = Builder::new(text);
    let mut comments = CommentList::default();
    let mut line_start = Some(0);
    let mut next_marker = None;
    while let Some(start) = line_start {
        // Every comment has its `%%` at or after its line start: skip the lines before the
        // next `%%`, and stop when there is none.
        let m = match next_marker {
            Some(m) if m >= start => m,
            _ => match find_str(text, "%%", start) {
                Some(m) => *next_marker.insert(m),
                None => break,
            },
        };
        if let Some(resume) = line_start_before_marker(text, start, m) {
            line_start = resume;
            continue;
        }
        let marker = skip_js_space(text, start);
        let is_comment = text[marker..].starts_with("%%")
            && bytes
                .get(marker + 2)
                .is_some_and(|&b| b != b'{' && b != b'\n');
        if is_comment {
            let end = find_byte(bytes, b'\n', marker + 2).unwrap_or(len);
            comments.push(map.span_to_original((marker, end)), &text[marker + 2..end]);
            builder.copy_to(start);
            let resume = if end < len { end + 1 } else { len };
            builder.skip_to(resume);
            line_start = (resume < len).then_some(resume);
        } else {
            // Every line start up to `marker` shares the same whitespace run, so it fails too.
            line_start = next_line_start(text, marker);
        }
    }
    let step = builder.finish();
    apply(text, map, step);
    let leading = skip_js_space(text, 0);
    drop_prefix(text, map, leading);
    comments.finish()
}

/// Where the comment scan may jump from line start `start`, knowing that the next `%%` is at
/// `m`: when an ASCII character other than whitespace stands between them, no line starting
/// before it can be a comment line, and the scan resumes at the line after it (`Some(None)`
/// when there is no further line). `None` when the scan must go on from `start` itself.
fn line_start_before_marker(text: &str, start: usize, m: usize) -> Option<Option<usize>> {
    let bytes = text.as_bytes();
    let p = bytes[start..m]
        .iter()
        .rposition(|&b| !matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'))?
        + start;
    if bytes[p] >= 0x80 {
        return None;
    }
    Some(next_line_start(text, p))
}

// ---------------------------------------------------------------------------
// Step 5: detectType
// ---------------------------------------------------------------------------

/// The `defaultRenderer` values the detectors look at (`None` = undefined).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Renderers {
    flowchart: Option<String>,
    class: Option<String>,
    state: Option<String>,
}

const DEFAULT_RENDERER: &str = "dagre-wrapper";

impl Renderers {
    fn undefined() -> Self {
        Renderers {
            flowchart: None,
            class: None,
            state: None,
        }
    }

    /// Reads `config.<diagram>.defaultRenderer`; a non-string value becomes `""`, which
    /// compares unequal to every renderer name, as in JavaScript.
    fn from_config(config: &Yaml) -> Self {
        let read = |diagram: &str| match &config[diagram]["defaultRenderer"] {
            Yaml::BadValue => None,
            Yaml::String(s) => Some(s.clone()),
            _ => Some(String::new()),
        };
        Renderers {
            flowchart: read("flowchart"),
            class: read("class"),
            state: read("state"),
        }
    }
}

/// A JavaScript exception inside `utils.detectInit` / `processDirectives`.
struct InitFailure {
    message: String,
    /// Which `init`/`initialize` directive caused it.
    init_index: usize,
}

/// What `detectInit` + `processDirectives` produced.
enum InitOutcome {
    /// The directive configuration (`Yaml::BadValue` when there is none).
    Config(Yaml),
    /// `detectInit` called `detectType`, which threw `UnknownDiagramError`.
    UnknownDiagram,
}

fn init_error(failure: InitFailure, directives: &[Directive]) -> PreprocessError {
    let span = directives
        .iter()
        .filter(|d| d.name.ends_with("init") || d.name.ends_with("initialize"))
        .nth(failure.init_index)
        .map_or((0, 0), |d| d.span);
    PreprocessError {
        message: failure.message,
        span,
        help: Some(INIT_HELP.to_string()),
    }
}

/// `detectType(code, config)`; `None` for the `---` pseudo-diagram, whose parser throws.
fn detect_diagram_type(
    code: &str,
    init: InitOutcome,
    front_config: &Yaml,
    target: MermaidTarget,
) -> Option<DiagramType> {
    let directive_config = match init {
        InitOutcome::Config(config) => config,
        InitOutcome::UnknownDiagram => return Some(DiagramType::Unknown),
    };
    let renderers = effective_renderers(front_config, &directive_config);
    Some(match detect_id(&detection_text(code), &renderers, target) {
        Some("---") => return None,
        Some("flowchart-elk") => DiagramType::FlowchartElk,
        Some("flowchart-v2" | "flowchart" | "swimlane") => DiagramType::Flowchart,
        Some(id) => DiagramType::Other(id.to_string()),
        None => DiagramType::Unknown,
    })
}

/// `utils.detectInit(text)` followed by the `wrap` handling of `processDirectives`.
fn detect_init(text: &str, target: MermaidTarget) -> Result<InitOutcome, InitFailure> {
    let none = Ok(InitOutcome::Config(Yaml::BadValue));
    // A directive needs `%%{`; the detection text can only gain one where it drops a
    // `%%}%%` line, which needs `%%}`.
    if find_str(text, "%%{", 0).is_none() && find_str(text, "%%}", 0).is_none() {
        return none;
    }
    let scanned = directive_detection_text(text);
    let found = scan_directives(&scanned);
    let Some(inits) = directive_args(&scanned, &found, |name| {
        name.ends_with("init") || name.ends_with("initialize")
    }) else {
        return none;
    };
    let mut results = match inits.as_slice() {
        [] => return none,
        [single] => single.clone(),
        several => {
            let mut merged = Yaml::Hash(YamlHash::new());
            for (init_index, args) in several.iter().enumerate() {
                let mut args = args.clone();
                sanitize_directive(&mut args);
                merged = assign_with_depth(merged, &args, 2).map_err(|message| InitFailure {
                    message,
                    init_index,
                })?;
            }
            merged
        }
    };
    if !js_truthy(&results) {
        return none;
    }
    let Some(id) = detect_id(&detection_text(text), &Renderers::undefined(), target) else {
        return Ok(InitOutcome::UnknownDiagram);
    };
    if let Yaml::Hash(hash) = &mut results
        && let Some(config) = hash.remove(&Yaml::String("config".to_string()))
    {
        let id = if id == "flowchart-v2" {
            "flowchart"
        } else {
            id
        };
        hash.insert(Yaml::String(id.to_string()), config);
    }
    let wraps = directive_args(&scanned, &found, |name| name.contains("wrap"));
    let assigns_wrap = match wraps.as_deref() {
        Some([_]) => found.iter().any(|m| &scanned[m.name.0..m.name.1] == "wrap"),
        Some(list) => list.len() > 1,
        None => false,
    };
    if assigns_wrap {
        let primitive = match &results {
            Yaml::String(s) => Some(("string", s.clone())),
            Yaml::Integer(_) | Yaml::Real(_) => Some(("number", js_to_string(&results))),
            Yaml::Boolean(b) => Some(("boolean", b.to_string())),
            _ => None,
        };
        if let Some((kind, value)) = primitive {
            return Err(InitFailure {
                message: format!("Cannot create property 'wrap' on {kind} '{value}'"),
                init_index: 0,
            });
        }
    }
    Ok(InitOutcome::Config(results))
}

/// The `args` of each directive whose name passes `wanted`, as `detectDirective` computes
/// them; `None` when one of them is not valid JSON (`detectDirective` then gives up).
fn directive_args(
    text: &str,
    found: &[DirectiveMatch],
    wanted: impl Fn(&str) -> bool,
) -> Option<Vec<Yaml>> {
    found
        .iter()
        .filter(|m| wanted(&text[m.name.0..m.name.1]))
        .map(|m| {
            let args = &text[m.args.0..m.args.1];
            if m.word_args {
                Some(Yaml::String(args.to_string()))
            } else if args.is_empty() {
                Some(Yaml::Null)
            } else {
                parse_json(js_trim(args))
            }
        })
        .collect()
}

/// The renderers in Mermaid's final configuration: `cleanAndMerge(frontMatter.config,
/// directive)`, sanitized by `addDirective`, laid over the default site configuration by
/// `updateCurrentConfig`.
fn effective_renderers(front_config: &Yaml, directive: &Yaml) -> Renderers {
    let mut merged = YamlHash::new();
    if js_truthy(front_config) {
        lodash_merge(&mut merged, front_config);
    }
    lodash_merge(&mut merged, directive);
    let mut merged = Yaml::Hash(merged);
    sanitize_directive(&mut merged);
    sanitize_strings(&mut merged);

    let mut site = YamlHash::new();
    for diagram in ["flowchart", "class", "state"] {
        let mut settings = YamlHash::new();
        settings.insert(
            Yaml::String("defaultRenderer".to_string()),
            Yaml::String(DEFAULT_RENDERER.to_string()),
        );
        site.insert(Yaml::String(diagram.to_string()), Yaml::Hash(settings));
    }
    let config = assign_with_depth(Yaml::Hash(YamlHash::new()), &merged, 2)
        .and_then(|sum| assign_with_depth(Yaml::Hash(site), &sum, 2));
    config.map_or_else(|_| Renderers::undefined(), |c| Renderers::from_config(&c))
}

/// `typeof value === 'object'` (`null` included); `Yaml::BadValue` stands for `undefined`.
fn js_is_object(value: &Yaml) -> bool {
    matches!(value, Yaml::Hash(_) | Yaml::Array(_) | Yaml::Null)
}

fn js_truthy(value: &Yaml) -> bool {
    match value {
        Yaml::Hash(_) | Yaml::Array(_) => true,
        _ => js_truthy_to_string(value).is_some(),
    }
}

/// `assignWithDepth(dst, src, { depth })` (`assignWithDepth.ts`); `Err` carries the
/// message of the `TypeError` JavaScript would throw.
fn assign_with_depth(dst: Yaml, src: &Yaml, depth: i32) -> Result<Yaml, String> {
    if let Yaml::Array(items) = src {
        return Ok(match dst {
            Yaml::Array(mut existing) => {
                for item in items {
                    if js_is_object(item) || !existing.contains(item) {
                        existing.push(item.clone());
                    }
                }
                Yaml::Array(existing)
            }
            mut dst => {
                for item in items {
                    dst = assign_with_depth(dst, item, depth)?;
                }
                dst
            }
        });
    }
    if matches!(dst, Yaml::BadValue) || depth <= 0 {
        return Ok(match (dst, src) {
            (Yaml::Hash(mut hash), Yaml::Hash(from)) => {
                for (key, value) in from {
                    hash.insert(key.clone(), value.clone());
                }
                Yaml::Hash(hash)
            }
            (dst @ (Yaml::Hash(_) | Yaml::Array(_)), Yaml::Null) => dst,
            _ => src.clone(),
        });
    }
    if matches!(src, Yaml::BadValue) || !js_is_object(&dst) || !js_is_object(src) {
        return Ok(dst);
    }
    let Yaml::Hash(from) = src else {
        return Err("Cannot convert undefined or null to object".to_string());
    };
    let Yaml::Hash(mut hash) = dst else {
        return Ok(dst);
    };
    for (key, value) in from {
        let current = hash.get(key).unwrap_or(&Yaml::BadValue);
        if matches!(value, Yaml::Hash(_) | Yaml::Array(_))
            && (matches!(current, Yaml::BadValue) || js_is_object(current))
        {
            let base = match (current, value) {
                (Yaml::BadValue, Yaml::Array(_)) => Yaml::Array(Vec::new()),
                (Yaml::BadValue, _) => Yaml::Hash(YamlHash::new()),
                (current, _) => current.clone(),
            };
            let merged = assign_with_depth(base, value, depth - 1)?;
            hash.insert(key.clone(), merged);
        } else if !js_is_object(current) && !js_is_object(value) {
            hash.insert(key.clone(), value.clone());
        }
    }
    Ok(Yaml::Hash(hash))
}

/// lodash `merge` of a plain-object source (arrays are replaced rather than merged).
fn lodash_merge(dst: &mut YamlHash, src: &Yaml) {
    let Yaml::Hash(from) = src else {
        return;
    };
    for (key, value) in from {
        match value {
            Yaml::BadValue => {}
            Yaml::Hash(_) => {
                if !matches!(dst.get(key), Some(Yaml::Hash(_))) {
                    dst.insert(key.clone(), Yaml::Hash(YamlHash::new()));
                }
                if let Some(Yaml::Hash(inner)) = dst.get_mut(key) {
                    lodash_merge(inner, value);
                }
            }
            _ => {
                dst.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The part of `sanitizeDirective` that can affect renderers: `null` values and `config`
/// keys (not a known configuration key) are deleted.
fn sanitize_directive(value: &mut Yaml) {
    match value {
        Yaml::Array(items) => items.iter_mut().for_each(sanitize_directive),
        Yaml::Hash(hash) => {
            hash.retain(|k, v| {
                !matches!(v, Yaml::Null) && !matches!(k, Yaml::String(k) if k == "config")
            });
            hash.values_mut().for_each(sanitize_directive);
        }
        _ => {}
    }
}

/// `config.ts` `sanitize`: strings containing `<`, `>` or `url(data:` are deleted.
fn sanitize_strings(value: &mut Yaml) {
    match value {
        Yaml::Array(items) => items.iter_mut().for_each(sanitize_strings),
        Yaml::Hash(hash) => {
            hash.retain(|_, v| {
                !matches!(v, Yaml::String(s) if s.contains('<') || s.contains('>') || s.contains("url(data:"))
            });
            hash.values_mut().for_each(sanitize_strings);
        }
        _ => {}
    }
}

/// The text `detectDirective` scans: trimmed, `%%}%%…\n` removed, `'` → `"`.
fn directive_detection_text(text: &str) -> String {
    let text = js_trim(text);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(start) = find_str(text, "%%}%%", from) {
        let end = line_end(text, start + 2);
        if bytes.get(end) == Some(&b'\n') {
            out.push_str(&text[copied..start]);
            copied = end + 1;
            from = end + 1;
        } else {
            from = end;
        }
    }
    out.push_str(&text[copied..]);
    out.replace('\'', "\"")
}

/// The text `detectType` hands to the detectors (borrowed when there is nothing to remove).
fn detection_text(code: &str) -> Cow<'_, str> {
    let body = match match_front_matter(code) {
        Some(m) => &code[m.end..],
        None => code,
    };
    let found = scan_directives(body);
    if found.is_empty() {
        if find_str(body, "%%", 0).is_none() {
            return Cow::Borrowed(body);
        }
        return Cow::Owned(replace_any_comments(body));
    }
    let mut stripped = String::with_capacity(body.len());
    let mut copied = 0;
    for m in found {
        stripped.push_str(&body[copied..m.start]);
        copied = m.end;
    }
    stripped.push_str(&body[copied..]);
    Cow::Owned(replace_any_comments(&stripped))
}

/// `text.replace(/\s*%%.*\n/gm, '\n')`.
fn replace_any_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(marker) = find_str(text, "%%", from) {
        let end = line_end(text, marker + 2);
        if bytes.get(end) == Some(&b'\n') {
            let start = text[copied..marker]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_js_space(c))
                .last()
                .map_or(marker, |(i, _)| copied + i);
            out.push_str(&text[copied..start]);
            out.push('\n');
            copied = end + 1;
        }
        // A failing `%%` fails for every start on its line.
        from = if end < text.len() {
            end + usize::from(bytes[end] == b'\n')
        } else {
            end
        };
    }
    out.push_str(&text[copied..]);
    out
}

/// Inputs of one detector call.
struct Probe<'a> {
    text: &'a str,
    /// `text` without leading whitespace, i.e. what follows `^\s*`.
    body: &'a str,
    renderers: &'a Renderers,
}

impl Probe<'_> {
    fn starts(&self, keyword: &str) -> bool {
        self.body.starts_with(keyword)
    }

    fn starts_ignore_case(&self, keyword: &str) -> bool {
        self.body
            .as_bytes()
            .get(..keyword.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(keyword.as_bytes()))
    }

    /// True when the text starts with `keyword` as a whole word (the `\b` of Mermaid's
    /// detector regexes), ignoring ASCII case when `ignore_case`.
    fn starts_word(&self, keyword: &str, ignore_case: bool) -> bool {
        let starts = if ignore_case {
            self.starts_ignore_case(keyword)
        } else {
            self.starts(keyword)
        };
        starts
            && !self
                .body
                .as_bytes()
                .get(keyword.len())
                .is_some_and(|&b| is_word_byte(b))
    }

    fn flowchart_renderer(&self) -> Option<&str> {
        self.renderers.flowchart.as_deref()
    }

    fn class_renderer(&self) -> Option<&str> {
        self.renderers.class.as_deref()
    }

    fn state_renderer(&self) -> Option<&str> {
        self.renderers.state.as_deref()
    }
}

type Detector = fn(&Probe) -> bool;

/// Mermaid 11.17's detectors in registration order (full build, `includeLargeFeatures`).
const DETECTORS: &[(&str, Detector)] = &[
    ("error", |p| js_trim(p.text).eq_ignore_ascii_case("error")),
    ("---", |p| p.starts("---")),
    ("flowchart-elk", |p| {
        p.starts("flowchart-elk")
            || ((p.starts("flowchart") || p.starts("graph"))
                && p.flowchart_renderer() == Some("elk"))
    }),
    ("mindmap", |p| p.starts("mindmap")),
    ("architecture", |p| p.starts("architecture")),
    // `/^\s*C4Context|C4Container|C4Component|C4Dynamic|C4Deployment/`: only the first
    // alternative is anchored.
    ("c4", |p| {
        p.starts("C4Context") || contains_c4_keyword(p.text)
    }),
    ("kanban", |p| p.starts("kanban")),
    ("classDiagram", |p| {
        (p.starts("classDiagram") && p.class_renderer() == Some(DEFAULT_RENDERER))
            || p.starts("classDiagram-v2")
    }),
    ("class", |p| {
        p.class_renderer() != Some(DEFAULT_RENDERER) && p.starts("classDiagram")
    }),
    ("er", |p| p.starts("erDiagram")),
    ("gantt", |p| p.starts("gantt")),
    ("info", |p| p.starts("info")),
    ("pie", |p| p.starts("pie")),
    ("requirement", |p| p.starts("requirement")),
    ("sequence", |p| p.starts("sequenceDiagram")),
    // Mermaid 11.17's swimlane variant, read by the flowchart parser.
    ("swimlane", |p| p.starts_word("swimlane-beta", false)),
    ("flowchart-v2", |p| {
        p.flowchart_renderer() != Some("dagre-d3")
            && ((p.starts("graph") && p.flowchart_renderer() == Some(DEFAULT_RENDERER))
                || p.starts("flowchart"))
    }),
    ("flowchart", |p| {
        !matches!(p.flowchart_renderer(), Some(DEFAULT_RENDERER | "elk")) && p.starts("graph")
    }),
    ("timeline", |p| p.starts("timeline")),
    ("gitGraph", |p| p.starts("gitGraph")),
    ("stateDiagram", |p| {
        p.starts("stateDiagram-v2")
            || (p.starts("stateDiagram") && p.state_renderer() == Some(DEFAULT_RENDERER))
    }),
    ("state", |p| {
        p.state_renderer() != Some(DEFAULT_RENDERER) && p.starts("stateDiagram")
    }),
    ("journey", |p| p.starts("journey")),
    ("quadrantChart", |p| p.starts("quadrantChart")),
    ("sankey", |p| p.starts("sankey")),
    ("packet", |p| p.starts("packet")),
    ("xychart", |p| p.starts("xychart")),
    ("block", |p| p.starts("block")),
    ("eventmodeling", |p| p.starts("eventmodeling")),
    ("treeView", |p| p.starts("treeView-beta")),
    ("radar", |p| p.starts("radar-beta")),
    ("ishikawa", |p| p.starts_word("ishikawa", true)),
    ("treemap", |p| p.starts("treemap")),
    ("railroad", |p| p.starts_ignore_case("railroad-beta")),
    ("railroadEbnf", |p| {
        p.starts_ignore_case("railroad-ebnf-beta")
    }),
    ("railroadAbnf", |p| {
        p.starts_ignore_case("railroad-abnf-beta")
    }),
    ("railroadPeg", |p| p.starts_ignore_case("railroad-peg-beta")),
    ("venn", |p| p.starts("venn-beta")),
    ("wardley-beta", |p| p.starts_ignore_case("wardley-beta")),
    ("cynefin", |p| {
        p.body
            .strip_prefix("cynefin-beta")
            .is_some_and(|r| r.is_empty() || r.starts_with(':') || r.starts_with(is_js_space))
    }),
];

/// Mermaid 12.4's detectors in registration order: `flowchart-elk` only by its keyword (ELK
/// is chosen with `layout: elk`), `graph` and `flowchart` always the unified flowchart,
/// `classDiagram` and `stateDiagram` always their v2 diagrams; `agentflow`, the railroad
/// diagrams, `cynefin-beta` and `usecase-beta` added.
const DETECTORS_12: &[(&str, Detector)] = &[
    ("error", |p| js_trim(p.text).eq_ignore_ascii_case("error")),
    ("---", |p| p.starts("---")),
    ("flowchart-elk", |p| p.starts("flowchart-elk")),
    ("mindmap", |p| p.starts("mindmap")),
    ("architecture", |p| p.starts("architecture")),
    ("agentflow", |p| {
        let rest = p
            .body
            .strip_prefix("agentflow")
            .map(|r| r.strip_prefix("-beta").unwrap_or(r));
        rest.is_some_and(|r| r.is_empty() || r.starts_with(';') || r.starts_with(is_js_space))
    }),
    ("c4", |p| {
        p.starts("C4Context") || contains_c4_keyword(p.text)
    }),
    ("kanban", |p| p.starts("kanban")),
    ("classDiagram", |p| p.starts("classDiagram")),
    ("er", |p| p.starts("erDiagram")),
    ("gantt", |p| p.starts("gantt")),
    ("info", |p| p.starts("info")),
    ("pie", |p| p.starts("pie")),
    ("requirement", |p| p.starts("requirement")),
    ("sequence", |p| p.starts("sequenceDiagram")),
    ("swimlane", |p| p.starts_word("swimlane-beta", false)),
    ("flowchart-v2", |p| {
        p.starts("graph") || p.starts("flowchart")
    }),
    ("timeline", |p| p.starts("timeline")),
    ("gitGraph", |p| p.starts("gitGraph")),
    ("stateDiagram", |p| p.starts("stateDiagram")),
    ("journey", |p| p.starts("journey")),
    ("quadrantChart", |p| p.starts("quadrantChart")),
    ("sankey", |p| p.starts("sankey")),
    ("packet", |p| p.starts("packet")),
    ("xychart", |p| p.starts("xychart")),
    ("block", |p| p.starts("block")),
    ("eventmodeling", |p| p.starts("eventmodeling")),
    ("treeView", |p| p.starts("treeView-beta")),
    ("radar", |p| p.starts("radar-beta")),
    ("ishikawa", |p| p.starts_word("ishikawa", true)),
    ("treemap", |p| p.starts("treemap")),
    ("railroad", |p| p.starts_ignore_case("railroad-beta")),
    ("railroadEbnf", |p| {
        p.starts_ignore_case("railroad-ebnf-beta")
    }),
    ("railroadAbnf", |p| {
        p.starts_ignore_case("railroad-abnf-beta")
    }),
    ("railroadPeg", |p| p.starts_ignore_case("railroad-peg-beta")),
    ("venn", |p| p.starts("venn-beta")),
    ("wardley-beta", |p| p.starts_ignore_case("wardley-beta")),
    ("cynefin", |p| {
        p.body
            .strip_prefix("cynefin-beta")
            .is_some_and(|r| r.is_empty() || r.starts_with(':') || r.starts_with(is_js_space))
    }),
    ("usecase", |p| {
        p.body
            .strip_prefix("usecase-beta")
            .is_some_and(|r| r.is_empty() || r.starts_with(is_js_space))
    }),
];

fn contains_c4_keyword(text: &str) -> bool {
    let mut from = 0;
    while let Some(i) = find_str(text, "C4", from) {
        let rest = &text[i + 2..];
        if ["Container", "Component", "Dynamic", "Deployment"]
            .iter()
            .any(|k| rest.starts_with(k))
        {
            return true;
        }
        from = i + 1;
    }
    false
}

fn detect_id(text: &str, renderers: &Renderers, target: MermaidTarget) -> Option<&'static str> {
    let probe = Probe {
        text,
        body: text.trim_start_matches(is_js_space),
        renderers,
    };
    let detectors = match target {
        MermaidTarget::V11 => DETECTORS,
        MermaidTarget::V12 => DETECTORS_12,
    };
    detectors
        .iter()
        .find(|(_, detector)| detector(&probe))
        .map(|&(id, _)| id)
}

// ---------------------------------------------------------------------------
// Step 6: encodeEntities (+ the '\n' appended by Diagram.fromText)
// ---------------------------------------------------------------------------

/// `encodeEntities(text) + '\n'`.
fn encode_entities(text: &mut String, map: &mut OffsetMap) {
    let step = drop_last_semicolon(text, "style");
    apply(text, map, step);
    let step = drop_last_semicolon(text, "classDef");
    apply(text, map, step);
    let step = encode_entity_references(text);
    apply(text, map, step);
    map.segments.push(Segment {
        out: map.processed_len,
        src: map.original_len,
        kind: SegmentKind::Replace { src_len: 0 },
    });
    map.processed_len += 1;
    text.push('\n');
}

/// `text.replace(/<keyword>.*:\S*#.*;/g, s => s.slice(0, -1))`: on each line where the
/// pattern matches, the match ends at the line's last `;`, which is dropped.
fn drop_last_semicolon(text: &str, keyword: &str) -> Option<(String, OffsetMap)> {
    let mut builder = Builder::new(text);
    // One searcher for every line (style-heavy diagrams have hundreds).
    let finder = memchr::memmem::Finder::new(keyword.as_bytes());
    let mut from = 0;
    while let Some(k) = finder.find(&text.as_bytes()[from..]) {
        let start = from + k;
        let end = line_end(text, start);
        if let Some(semicolon) = droppable_semicolon(&text[start..end], keyword) {
            builder.copy_to(start + semicolon);
            builder.skip_to(start + semicolon + 1);
        }
        from = end;
    }
    builder.finish()
}

/// Whether Mermaid's preprocessing would drop a `;` from `line` (one line, no line break):
/// the last `;` after a `style` or `classDef` with `:…#` before it.
pub fn line_loses_semicolon(line: &str) -> bool {
    ["style", "classDef"].iter().any(|keyword| {
        find_str(line, keyword, 0)
            .is_some_and(|start| droppable_semicolon(&line[start..], keyword).is_some())
    })
}

/// Offset of the `;` to drop in `line`, which starts with the first `keyword` of its line.
fn droppable_semicolon(line: &str, keyword: &str) -> Option<usize> {
    let semicolon = line.rfind(';')?;
    let mut after_colon = false;
    let mut hash = None;
    for (i, c) in line.char_indices().skip(keyword.len()) {
        match c {
            '#' if after_colon => {
                hash = Some(i);
                break;
            }
            ':' => after_colon = true,
            c if is_js_space(c) => after_colon = false,
            _ => {}
        }
    }
    (semicolon > hash?).then_some(semicolon)
}

/// `#\w+;` → `ﬂ°°<digits>¶ß` or `ﬂ°<word>¶ß`.
fn encode_entity_references(text: &str) -> Option<(String, OffsetMap)> {
    let bytes = text.as_bytes();
    let mut builder = Builder::new(text);
    let mut placeholder = String::new();
    let mut from = 0;
    while let Some(hash) = find_byte(bytes, b'#', from) {
        let word_end = skip_word(bytes, hash + 1);
        if word_end > hash + 1 && bytes.get(word_end) == Some(&b';') {
            let inner = &text[hash + 1..word_end];
            placeholder.clear();
            placeholder.push_str(if inner.bytes().all(|b| b.is_ascii_digit()) {
                "ﬂ°°"
            } else {
                "ﬂ°"
            });
            placeholder.push_str(inner);
            placeholder.push_str("¶ß");
            builder.copy_to(hash);
            builder.replace_to(word_end + 1, &placeholder);
            from = word_end + 1;
        } else {
            from = hash + 1;
        }
    }
    builder.finish()
}

// ---------------------------------------------------------------------------
// Step 7: flowParser.ts
// ---------------------------------------------------------------------------

/// `src.replace(/}\s*\n/g, '}\n')`.
fn trim_after_braces(text: &mut String, map: &mut OffsetMap) {
    let bytes = text.as_bytes();
    let mut builder = Builder::new(text);
    let mut from = 0;
    while let Some(brace) = find_byte(bytes, b'}', from) {
        let run_end = skip_js_space(text, brace + 1);
        match bytes[brace + 1..run_end].iter().rposition(|&b| b == b'\n') {
            Some(offset) if offset > 0 => {
                builder.copy_to(brace + 1);
                builder.skip_to(brace + 1 + offset);
                from = brace + offset + 2;
            }
            _ => from = run_end.max(brace + 1),
        }
    }
    let step = builder.finish();
    apply(text, map, step);
}

// ---------------------------------------------------------------------------
// Offset map construction
// ---------------------------------------------------------------------------

impl OffsetMap {
    fn identity(len: usize) -> Self {
        let segments = if len == 0 {
            Vec::new()
        } else {
            vec![Segment {
                out: 0,
                src: 0,
                kind: SegmentKind::Copy,
            }]
        };
        OffsetMap {
            segments,
            processed_len: len,
            original_len: len,
        }
    }
}

fn push_segment(segments: &mut Vec<Segment>, segment: Segment) {
    if let (Some(last), SegmentKind::Copy) = (segments.last(), segment.kind)
        && last.kind == SegmentKind::Copy
        && last.src + (segment.out - last.out) == segment.src
    {
        return;
    }
    segments.push(segment);
}

/// Builds one step's output from its input, recording how output maps to input.
struct Builder<'a> {
    input: &'a str,
    out: String,
    segments: Vec<Segment>,
    pos: usize,
    changed: bool,
}

impl<'a> Builder<'a> {
    fn new(input: &'a str) -> Self {
        Builder {
            input,
            out: String::new(),
            segments: Vec::new(),
            pos: 0,
            changed: false,
        }
    }

    fn copy_to(&mut self, end: usize) {
        if end > self.pos {
            if self.out.capacity() == 0 {
                self.out.reserve(self.input.len() + 1);
            }
            push_segment(
                &mut self.segments,
                Segment {
                    out: self.out.len(),
                    src: self.pos,
                    kind: SegmentKind::Copy,
                },
            );
            self.out.push_str(&self.input[self.pos..end]);
            self.pos = end;
        }
    }

    /// Replaces `input[pos..end]` with a text of the same length, mapped byte for byte.
    fn substitute_to(&mut self, end: usize, with: &str) {
        debug_assert_eq!(with.len(), end - self.pos);
        let pos = self.pos;
        self.copy_to(end);
        self.out.truncate(self.out.len() - (end - pos));
        self.out.push_str(with);
        self.changed = true;
    }

    fn skip_to(&mut self, end: usize) {
        self.changed |= end > self.pos;
        self.pos = end;
    }

    fn replace_to(&mut self, end: usize, with: &str) {
        if !with.is_empty() {
            self.segments.push(Segment {
                out: self.out.len(),
                src: self.pos,
                kind: SegmentKind::Replace {
                    src_len: end - self.pos,
                },
            });
            self.out.push_str(with);
        }
        self.changed = true;
        self.pos = end;
    }

    /// The output and its map, or `None` when the output equals the input.
    fn finish(mut self) -> Option<(String, OffsetMap)> {
        if !self.changed {
            return None;
        }
        self.copy_to(self.input.len());
        let map = OffsetMap {
            segments: self.segments,
            processed_len: self.out.len(),
            original_len: self.input.len(),
        };
        Some((self.out, map))
    }
}

/// `later` maps C → B and `earlier` maps B → A; the result maps C → A.
fn compose(later: &OffsetMap, earlier: &OffsetMap) -> OffsetMap {
    let mut segments = Vec::with_capacity(later.segments.len().max(earlier.segments.len()));
    // Queries into `earlier` never go backwards, so a forward cursor replaces searching.
    let mut cursor = 0;
    let mut seek = |p: usize| {
        while earlier
            .segments
            .get(cursor + 1)
            .is_some_and(|next| next.out <= p)
        {
            cursor += 1;
        }
        cursor
    };
    for (index, seg) in later.segments.iter().enumerate() {
        match seg.kind {
            SegmentKind::Copy => {
                let mid_end = seg.src + (later.segment_end(index) - seg.out);
                let mut mid = seg.src;
                let mut e = seek(mid);
                while mid < mid_end {
                    let inner = earlier.segments[e];
                    let out = seg.out + (mid - seg.src);
                    let piece = match inner.kind {
                        SegmentKind::Copy => Segment {
                            out,
                            src: inner.src + (mid - inner.out),
                            kind: SegmentKind::Copy,
                        },
                        SegmentKind::Replace { .. } => Segment { out, ..inner },
                    };
                    push_segment(&mut segments, piece);
                    mid = earlier.segment_end(e).min(mid_end);
                    if mid < mid_end {
                        e = seek(mid);
                    }
                }
            }
            SegmentKind::Replace { src_len } => {
                let start = if seg.src >= earlier.processed_len {
                    earlier.original_len
                } else {
                    earlier.start_in(seek(seg.src), seg.src)
                };
                let end = if src_len == 0 {
                    start
                } else {
                    let end = seg.src + src_len;
                    earlier.end_in(seek(end - 1), end)
                };
                segments.push(Segment {
                    out: seg.out,
                    src: start,
                    kind: SegmentKind::Replace {
                        src_len: end - start,
                    },
                });
            }
        }
    }
    OffsetMap {
        segments,
        processed_len: later.processed_len,
        original_len: earlier.original_len,
    }
}

// ---------------------------------------------------------------------------
// JSON.parse, as far as directive arguments need it
// ---------------------------------------------------------------------------

const JSON_MAX_DEPTH: usize = 512;

/// Strict JSON (`JSON.parse`) into a [`Yaml`] value; `None` where `JSON.parse` throws.
fn parse_json(text: &str) -> Option<Yaml> {
    let mut parser = JsonParser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    parser.skip_space();
    let value = parser.value(0)?;
    parser.skip_space();
    (parser.pos == text.len()).then_some(value)
}

struct JsonParser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl JsonParser<'_> {
    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn literal(&mut self, word: &str, value: Yaml) -> Option<Yaml> {
        self.text[self.pos..].starts_with(word).then(|| {
            self.pos += word.len();
            value
        })
    }

    fn value(&mut self, depth: usize) -> Option<Yaml> {
        if depth > JSON_MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string().map(Yaml::String),
            b't' => self.literal("true", Yaml::Boolean(true)),
            b'f' => self.literal("false", Yaml::Boolean(false)),
            b'n' => self.literal("null", Yaml::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn object(&mut self, depth: usize) -> Option<Yaml> {
        self.pos += 1;
        let mut hash = yaml_rust2::yaml::Hash::new();
        self.skip_space();
        if self.eat(b'}') {
            return Some(Yaml::Hash(hash));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return None;
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(b':') {
                return None;
            }
            self.skip_space();
            let value = self.value(depth + 1)?;
            hash.insert(Yaml::String(key), value);
            self.skip_space();
            if self.eat(b'}') {
                return Some(Yaml::Hash(hash));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Yaml> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat(b']') {
            return Some(Yaml::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth + 1)?);
            self.skip_space();
            if self.eat(b']') {
                return Some(Yaml::Array(items));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[start..self.pos]);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let escaped = match self.peek()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex = self.text.get(self.pos + 1..self.pos + 5)?;
                            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                                return None;
                            }
                            self.pos += 4;
                            let unit = u32::from_str_radix(hex, 16).ok()?;
                            char::from_u32(unit).unwrap_or('\u{FFFD}')
                        }
                        _ => return None,
                    };
                    self.pos += 1;
                    out.push(escaped);
                }
                _ => return None,
            }
        }
    }

    fn number(&mut self) -> Option<Yaml> {
        let start = self.pos;
        self.eat(b'-');
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.peek().is_some_and(|b| b.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.eat(b'0') {
            // no further integer digits
        } else if digits(self) == 0 {
            return None;
        }
        if self.eat(b'.') && digits(self) == 0 {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if digits(self) == 0 {
                return None;
            }
        }
        Some(Yaml::Real(self.text[start..self.pos].to_string()))
    }
}

// ---------------------------------------------------------------------------
// Character helpers (JavaScript regex semantics)
// ---------------------------------------------------------------------------

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_newline_byte(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

fn js_trim(text: &str) -> &str {
    text.trim_matches(is_js_space)
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("offset inside the text")
}

fn skip_js_space(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
                break;
            }
            i += 1;
        } else {
            let c = char_at(text, i);
            if !is_js_space(c) {
                break;
            }
            i += c.len_utf8();
        }
    }
    i
}

fn skip_word(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| is_word_byte(b)) {
        i += 1;
    }
    i
}

fn find_byte(bytes: &[u8], needle: u8, from: usize) -> Option<usize> {
    memchr::memchr(needle, bytes.get(from..)?).map(|p| p + from)
}

/// First occurrence of `needle` (non-empty) in `text` at or after `from`: words of four bytes
/// or more through `memmem`, which pays off on long texts whatever their first letter; shorter
/// ones by their first byte, which costs nothing to set up.
fn find_str(text: &str, needle: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let needle = needle.as_bytes();
    if needle.len() >= 4 {
        return memchr::memmem::find(bytes.get(from..)?, needle).map(|p| p + from);
    }
    let mut from = from;
    loop {
        let i = find_byte(bytes, needle[0], from)?;
        if bytes[i..].starts_with(needle) {
            return Some(i);
        }
        from = i + 1;
    }
}

/// First JavaScript line terminator (`\n`, `\r`, U+2028, U+2029) at or after `from`.
fn line_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut from = from;
    while let Some(i) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr3(b'\n', b'\r', 0xE2, rest))
        .map(|p| p + from)
    {
        if bytes[i] != 0xE2
            || (bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)))
        {
            return i;
        }
        from = i + 1;
    }
    bytes.len()
}

/// The offset after the first line terminator at or after `from`, if any.
fn next_line_start(text: &str, from: usize) -> Option<usize> {
    let end = line_end(text, from);
    (end < text.len()).then(|| end + char_at(text, end).len_utf8())
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(original: &str) -> Preprocessed {
        preprocess(original).unwrap_or_else(|e| panic!("{original:?}: {e}"))
    }

    fn slice(original: &str, span: (usize, usize)) -> &str {
        &original[span.0..span.1]
    }

    /// Checks the offset-map invariants for one input and its processed text.
    fn check_map(original: &str, p: &Preprocessed) {
        let map = &p.map;
        let mut last = 0;
        let mut last_end = 0;
        let boundaries = p.text.char_indices().map(|(i, _)| i);
        for i in boundaries.chain(std::iter::once(p.text.len())) {
            let start = map.to_original(i);
            let end = map.to_original_end(i);
            assert!(
                original.is_char_boundary(start),
                "{original:?} @{i} -> {start}"
            );
            assert!(
                original.is_char_boundary(end),
                "{original:?} @{i} -> end {end}"
            );
            assert!(
                start >= last && end >= last_end,
                "{original:?}: not monotonic at {i}"
            );
            last = start;
            last_end = end;
        }
        assert_eq!(map.to_original(p.text.len()), original.len());
        for (i, c) in p.text.char_indices() {
            let o = map.to_original(i);
            if o == original.len() {
                assert_eq!(
                    i,
                    p.text.len() - 1,
                    "{original:?}: only the appended newline"
                );
                continue;
            }
            let oc = original[o..].chars().next().unwrap();
            let same = c == oc || (c == '\'' && oc == '"') || (c == '\n' && oc == '\r');
            assert!(
                same || oc == '#',
                "{original:?}: {c:?}@{i} maps to {oc:?}@{o}"
            );
        }
    }

    // Step 1 ---------------------------------------------------------------

    #[test]
    fn crlf_is_normalized_and_offsets_map_back() {
        let original = "graph TD\r\n  A-->B\r\n  B-->C\r\n";
        let p = ok(original);
        assert_eq!(p.text, "graph TD\n  A-->B\n  B-->C\n\n");
        let b = p.text.find("B-->C").unwrap();
        assert_eq!(p.map.to_original(b), original.find("B-->C").unwrap());
        assert_eq!(p.map.to_original(8), 9, "LF maps to the LF of CRLF");
        assert_eq!(
            p.map.to_original_end(8),
            8,
            "the end of `TD` stays before the CR"
        );
        check_map(original, &p);
    }

    #[test]
    fn lone_cr_becomes_lf_in_place() {
        let original = "graph TD\rA-->B";
        let p = ok(original);
        assert_eq!(p.text, "graph TD\nA-->B\n");
        assert_eq!(p.map.to_original(8), 8);
        assert_eq!(p.map.to_original(9), 9);
    }

    #[test]
    fn tag_attributes_become_single_quoted() {
        let original = "graph TD\nA[\"<b class=\"x\" id=\"y\">hi</b>\"] -->|say=\"z\"| B";
        let p = ok(original);
        assert!(p.text.contains("<b class='x' id='y'>hi</b>"));
        assert!(
            p.text.contains("|say=\"z\"|"),
            "outside a tag nothing changes"
        );
        check_map(original, &p);
    }

    // Step 2 ---------------------------------------------------------------

    #[test]
    fn front_matter_with_title_is_removed() {
        let original = "---\ntitle: Hello 한글\nconfig:\n  theme: dark\n---\ngraph TD\nA-->B\n";
        let p = ok(original);
        let graph = original.find("graph").unwrap();
        let fm = p.front_matter.as_ref().unwrap();
        assert_eq!(fm.title.as_deref(), Some("Hello 한글"));
        assert_eq!(fm.yaml, "title: Hello 한글\nconfig:\n  theme: dark");
        assert_eq!(fm.span, (0, graph));
        assert_eq!(slice(original, fm.yaml_span), fm.yaml);
        assert_eq!(p.text, "graph TD\nA-->B\n\n");
        assert_eq!(p.map.to_original(0), graph);
        check_map(original, &p);
    }

    #[test]
    fn front_matter_title_follows_js_to_string() {
        let title = |yaml: &str| {
            ok(&format!("---\n{yaml}\n---\ngraph TD\n"))
                .front_matter
                .unwrap()
                .title
        };
        assert_eq!(title("title: 42"), Some("42".to_string()));
        assert_eq!(title("title: 0"), None);
        assert_eq!(title("title: ''"), None);
        assert_eq!(title("title: [a, 1]"), Some("a,1".to_string()));
        assert_eq!(title("other: x"), None);
    }

    #[test]
    fn front_matter_with_crlf_and_trailing_blank_lines() {
        let original = "---\r\ntitle: T\r\n---  \r\n\r\ngraph TD\r\n";
        let p = ok(original);
        let fm = p.front_matter.unwrap();
        assert_eq!(fm.yaml, "title: T");
        assert_eq!(fm.span, (0, original.find("graph").unwrap()));
        assert_eq!(p.text, "graph TD\n\n");
    }

    #[test]
    fn invalid_yaml_is_an_error_spanning_the_front_matter() {
        let original = "---\ntitle: [unclosed\n---\ngraph TD\n";
        let err = preprocess(original).unwrap_err();
        assert!(
            err.message.starts_with("invalid YAML in front matter"),
            "{err}"
        );
        assert_eq!(err.span, (0, original.find("graph").unwrap()));
        assert!(err.help.is_some());
        let err = preprocess("---\na: 1\n--- b\n---\ngraph TD\n").unwrap_err();
        assert!(err.message.contains("single document"), "{err}");
    }

    #[test]
    fn indented_front_matter_is_the_dashes_error() {
        let original = "  ---\n  title: x\n  ---\ngraph TD\n";
        let err = preprocess(original).unwrap_err();
        assert_eq!(err.message, DASHES_MESSAGE);
        assert_eq!(err.to_string(), DASHES_MESSAGE);
        assert_eq!(err.span, (2, 5));
        assert!(preprocess("---\ntitle: x\ngraph TD\n").is_err(), "unclosed");
    }

    // Step 3 ---------------------------------------------------------------

    #[test]
    fn directive_is_removed_and_recorded() {
        let directive = r#"%%{init: {"flowchart": {"htmlLabels": true}} }%%"#;
        let original = format!("{directive}\ngraph TD\nA-->B");
        let p = ok(&original);
        assert_eq!(p.text, "graph TD\nA-->B\n");
        assert_eq!(p.directives.len(), 1);
        let d = &p.directives[0];
        assert_eq!(d.name, "init");
        assert_eq!(d.text, directive);
        assert_eq!(d.args, r#"{"flowchart": {"htmlLabels": true}} "#);
        assert_eq!(d.span, (0, directive.len()));
        check_map(&original, &p);
    }

    #[test]
    fn directive_spanning_two_lines() {
        let original = "graph TD\r\n%%{init: {\"theme\":\r\n \"dark\"}}%%\r\nA-->B";
        let p = ok(original);
        assert_eq!(p.text, "graph TD\n\nA-->B\n");
        let d = &p.directives[0];
        assert_eq!(d.text, "%%{init: {\"theme\":\n \"dark\"}}%%");
        assert_eq!(
            slice(original, d.span),
            "%%{init: {\"theme\":\r\n \"dark\"}}%%"
        );
        assert_eq!(p.map.to_original(10), original.find("A-->B").unwrap());
        check_map(original, &p);
    }

    #[test]
    fn directive_forms() {
        let p = ok("%%{wrap}%%\ngraph TD\n");
        assert_eq!(
            (p.directives[0].name.as_str(), p.directives[0].args.as_str()),
            ("wrap", "")
        );
        let p = ok("graph TD\n%%{ init : word rest}%%\nA");
        assert_eq!(p.directives[0].text, "%%{ init : word ");
        assert_eq!(p.text, "graph TD\nrest}%%\nA\n");
        let p = ok("graph TD\nA-->B\n%%{init: {\n C-->D\n");
        assert_eq!(
            p.text, "graph TD\nA-->B\n\n",
            "an unclosed directive eats the rest"
        );
    }

    // Step 4 ---------------------------------------------------------------

    #[test]
    fn comment_inside_indented_block() {
        let original = "graph TD\n  subgraph X\n    %% inside 한\n    A-->B\n  end\n";
        let p = ok(original);
        assert_eq!(p.text, "graph TD\n  subgraph X\n    A-->B\n  end\n\n");
        assert_eq!(p.comments.len(), 1);
        assert_eq!(p.comments[0].text, " inside 한");
        assert_eq!(slice(original, p.comments[0].span), "%% inside 한");
        let a = p.text.find("A-->B").unwrap();
        assert_eq!(p.map.to_original(a), original.find("A-->B").unwrap());
        check_map(original, &p);
    }

    #[test]
    fn trailing_comment_is_not_removed() {
        let p = ok("graph TD\nA-->B %% trailing\n");
        assert_eq!(p.text, "graph TD\nA-->B %% trailing\n\n");
        assert!(p.comments.is_empty());
    }

    #[test]
    fn comment_removal_takes_preceding_blank_lines_and_trims_start() {
        let original = "%% first\n\n  graph TD\nA\n \n\t%% c\r\nB";
        let p = ok(original);
        assert_eq!(p.text, "graph TD\nA\nB\n");
        assert_eq!(p.map.to_original(0), original.find("graph").unwrap());
        let spans: Vec<&str> = p.comments.iter().map(|c| slice(original, c.span)).collect();
        assert_eq!(spans, ["%% first", "%% c"]);
        check_map(original, &p);
    }

    #[test]
    fn percent_brace_lines_and_bare_percents_stay() {
        let p = ok("graph TD\n%%{ }\n%%\nA");
        assert_eq!(p.text, "graph TD\n%%{ }\n%%\nA\n");
        assert!(p.comments.is_empty() && p.directives.is_empty());
    }

    // Step 5 ---------------------------------------------------------------

    fn kind(original: &str) -> DiagramType {
        ok(original).diagram_type
    }

    fn kind_11(original: &str) -> DiagramType {
        preprocess_for(original, MermaidTarget::V11)
            .expect("preprocesses")
            .diagram_type
    }

    #[test]
    fn detects_diagram_types() {
        let other = |s: &str| DiagramType::Other(s.to_string());
        assert_eq!(kind("graph LR\nA-->B"), DiagramType::Flowchart);
        assert_eq!(kind("flowchart TD\nA-->B"), DiagramType::Flowchart);
        assert_eq!(
            kind("  \n%% c\n%%{init: {}}%%\ngraph\n"),
            DiagramType::Flowchart
        );
        assert_eq!(kind("flowchart-elk TD\nA-->B"), DiagramType::FlowchartElk);
        assert_eq!(kind("sequenceDiagram\nA->>B: hi"), other("sequence"));
        assert_eq!(kind("classDiagram\n"), other("classDiagram"));
        assert_eq!(kind("stateDiagram\n"), other("stateDiagram"));
        assert_eq!(kind("xychart-beta\n"), other("xychart"));
        assert_eq!(kind("Ishikawa-beta\n"), other("ishikawa"));
        assert_eq!(kind("  Error  "), other("error"));
        assert_eq!(
            kind("flowchartx"),
            DiagramType::Flowchart,
            "no word boundary in Mermaid"
        );
        assert_eq!(kind("foo\ngraph TD"), DiagramType::Unknown);
        assert_eq!(kind(""), DiagramType::Unknown);
    }

    #[test]
    fn c4_keywords_match_anywhere() {
        assert_eq!(
            kind("graph TD\nC4Component-->B"),
            DiagramType::Other("c4".to_string())
        );
    }

    #[test]
    fn renderer_config_selects_flowchart_elk_in_mermaid_11() {
        let front = "---\nconfig:\n  flowchart:\n    defaultRenderer: elk\n---\ngraph TD\n";
        assert_eq!(kind_11(front), DiagramType::FlowchartElk);
        let init = "%%{init: {'flowchart': {'defaultRenderer': 'elk'}}}%%\nflowchart TD\n";
        assert_eq!(kind_11(init), DiagramType::FlowchartElk);
        let moved = "%%{init: {\"config\": {\"defaultRenderer\": \"elk\"}}}%%\ngraph TD\n";
        assert_eq!(kind_11(moved), DiagramType::FlowchartElk);
        let layout = "---\nconfig:\n  layout: elk\n---\ngraph TD\n";
        assert_eq!(kind_11(layout), DiagramType::Flowchart);
        let d3 = "%%{init: {\"flowchart\": {\"defaultRenderer\": \"dagre-d3\"}}}%%\nflowchart\n";
        assert_eq!(kind_11(d3), DiagramType::Unknown);
        let bad_json = "%%{init: {flowchart: {defaultRenderer: 'elk'}}}%%\ngraph TD\n";
        assert_eq!(kind_11(bad_json), DiagramType::Flowchart);
    }

    #[test]
    fn mermaid_12_detects_by_keyword_only() {
        let front = "---\nconfig:\n  flowchart:\n    defaultRenderer: elk\n---\ngraph TD\n";
        assert_eq!(kind(front), DiagramType::Flowchart);
        let d3 = "%%{init: {\"flowchart\": {\"defaultRenderer\": \"dagre-d3\"}}}%%\nflowchart\n";
        assert_eq!(kind(d3), DiagramType::Flowchart);
        assert_eq!(kind("flowchart-elk TD\n"), DiagramType::FlowchartElk);
        let other = |s: &str| DiagramType::Other(s.to_string());
        assert_eq!(kind("agentflow-beta\n"), other("agentflow"));
        assert_eq!(kind("agentflowx\n"), DiagramType::Unknown);
        assert_eq!(kind("usecase-beta\n"), other("usecase"));
        assert_eq!(kind_11("usecase-beta\n"), DiagramType::Unknown);
        assert_eq!(kind_11("swimlane-betax\n"), DiagramType::Unknown);
        assert_eq!(kind_11("cynefin-beta\n"), other("cynefin"));
        assert_eq!(kind("railroad-beta\n"), other("railroad"));
        assert_eq!(kind("stateDiagram\n"), other("stateDiagram"));
    }

    #[test]
    fn init_directive_exceptions_are_errors() {
        let original = "%%{init}%%\n%%{init: {}}%%\ngraph TD\n";
        let err = preprocess(original).unwrap_err();
        assert_eq!(err.message, "Cannot convert undefined or null to object");
        assert_eq!(err.span, (0, 10));
        let err = preprocess("%%{init: elk}%%\n%%{wrap}%%\ngraph TD\n").unwrap_err();
        assert_eq!(err.message, "Cannot create property 'wrap' on string 'elk'");
    }

    // Step 6 ---------------------------------------------------------------

    #[test]
    fn style_and_class_def_lose_their_last_semicolon() {
        let original = "graph TD\nstyle A fill:#f9f;\nclassDef c fill:#000,stroke:#fff;\nstyle B fill:red;\nA-->B;\n";
        let p = ok(original);
        assert_eq!(
            p.text,
            "graph TD\nstyle A fill:#f9f\nclassDef c fill:#000,stroke:#fff\nstyle B fill:red;\nA-->B;\n\n"
        );
        check_map(original, &p);
    }

    #[test]
    fn entity_references_become_placeholders() {
        let original = "graph TD\nA[\"#quot;hi#9829;\"]";
        let p = ok(original);
        assert_eq!(p.text, "graph TD\nA[\"ﬂ°quot¶ßhiﬂ°°9829¶ß\"]\n");
        let quot = p.text.find('ﬂ').unwrap();
        let quot_orig = original.find("#quot;").unwrap();
        assert_eq!(p.map.to_original(quot), quot_orig);
        assert_eq!(
            p.map.to_original(quot + 'ﬂ'.len_utf8()),
            quot_orig,
            "inside"
        );
        let after = quot + "ﬂ°quot¶ß".len();
        assert_eq!(p.map.to_original(after), quot_orig + "#quot;".len());
        assert_eq!(p.map.to_original_end(after), quot_orig + "#quot;".len());
        check_map(original, &p);
    }

    // Step 7 ---------------------------------------------------------------

    #[test]
    fn whitespace_after_closing_brace_is_dropped() {
        let original = "graph TD\nA{x}  \n  \nB{y}\nC";
        let p = ok(original);
        assert_eq!(p.text, "graph TD\nA{x}\nB{y}\nC\n");
        let b = p.text.find("B{").unwrap();
        assert_eq!(p.map.to_original(b), original.find("B{").unwrap());
        assert_eq!(p.map.to_original(b - 1), original.find("\nB{").unwrap());
        check_map(original, &p);
    }

    // Offset map -------------------------------------------------------------

    #[test]
    fn span_end_stops_before_removed_text() {
        let original = "graph TD\nA-->B\n%% gone\nC";
        let p = ok(original);
        assert_eq!(p.text, "graph TD\nA-->B\nC\n");
        let a = p.text.find("A-->B").unwrap();
        let span = p.map.span_to_original((a, a + "A-->B\n".len()));
        assert_eq!(slice(original, span), "A-->B\n");
        assert_eq!(p.map.to_original(a + 6), original.find('C').unwrap());
        assert_eq!(p.map.span_to_original((3, 3)), (3, 3));
    }

    #[test]
    fn compose_chains_maps() {
        let (text, first) = Builder::new("aXbc")
            .tap(|b| {
                b.copy_to(1);
                b.skip_to(2);
            })
            .finish()
            .unwrap();
        assert_eq!(text, "abc");
        let (text2, second) = Builder::new(&text)
            .tap(|b| {
                b.copy_to(1);
                b.replace_to(2, "YY");
            })
            .finish()
            .unwrap();
        assert_eq!(text2, "aYYc");
        let map = compose(&second, &first);
        let mapped: Vec<usize> = (0..=4).map(|i| map.to_original(i)).collect();
        assert_eq!(mapped, [0, 2, 2, 3, 4]);
        assert_eq!(map.to_original_end(3), 3);
    }

    impl<'a> Builder<'a> {
        fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
            f(&mut self);
            self
        }
    }

    // Property test ------------------------------------------------------------

    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const TOKENS: &[&str] = &[
        "graph TD\n",
        "A-->B",
        " ",
        "  ",
        "\n",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "%%",
        " %% c\n",
        "%%{init: {\"a\": 1}}%%",
        "%%{",
        "}%%",
        "{",
        "}",
        "#quot;",
        "#9829;",
        "#",
        ";",
        ":",
        "style A fill:#f9f;",
        "classDef c fill:#000;",
        "<b class=\"x\">",
        "\"",
        "=",
        "<",
        ">",
        "---\n",
        "title: x\n",
        "한",
        "글",
        "가나다",
        "\u{2028}",
        "\u{a0}",
    ];

    fn random_input(rng: &mut XorShift) -> String {
        let mut s = String::new();
        if rng.below(4) == 0 {
            s.push_str("---\ntitle: 제목\n---\n");
        }
        for _ in 0..rng.below(40) {
            if rng.below(2) == 0 {
                s.push_str(TOKENS[rng.below(TOKENS.len())]);
            } else if rng.below(3) == 0 {
                s.push(char::from_u32(0xAC00 + rng.below(11172) as u32).unwrap());
            } else {
                s.push(char::from(b' ' + rng.below(95) as u8));
            }
        }
        s
    }

    #[test]
    fn random_inputs_map_to_char_boundaries_monotonically() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut checked = 0;
        for _ in 0..3000 {
            let original = random_input(&mut rng);
            match preprocess(&original) {
                Ok(p) => {
                    check_map(&original, &p);
                    for c in &p.comments {
                        assert!(slice(&original, c.span).starts_with("%%"), "{original:?}");
                    }
                    for d in &p.directives {
                        assert!(slice(&original, d.span).starts_with("%%{"), "{original:?}");
                    }
                    checked += 1;
                }
                Err(e) => {
                    assert!(e.span.0 <= e.span.1 && e.span.1 <= original.len());
                    assert!(original.is_char_boundary(e.span.0));
                    assert!(original.is_char_boundary(e.span.1));
                }
            }
        }
        assert!(checked > 1000);
    }

    /// The comment scan before it learnt to jump to the next `%%`: every line start in turn.
    fn cleanup_comments_line_by_line(text: &mut String, map: &mut OffsetMap) -> Vec<Comment> {
        let bytes = text.as_bytes();
        let len = text.len();
        let mut builder = Builder::new(text);
        let mut comments = CommentList::default();
        let mut line_start = Some(0);
        while let Some(start) = line_start {
            let marker = skip_js_space(text, start);
            let is_comment = text[marker..].starts_with("%%")
                && bytes
                    .get(marker + 2)
                    .is_some_and(|&b| b != b'{' && b != b'\n');
            if is_comment {
                let end = find_byte(bytes, b'\n', marker + 2).unwrap_or(len);
                comments.push(map.span_to_original((marker, end)), &text[marker + 2..end]);
                builder.copy_to(start);
                let resume = if end < len { end + 1 } else { len };
                builder.skip_to(resume);
                line_start = (resume < len).then_some(resume);
            } else {
                line_start = next_line_start(text, marker);
            }
        }
        let step = builder.finish();
        apply(text, map, step);
        let leading = skip_js_space(text, 0);
        drop_prefix(text, map, leading);
        comments.finish()
    }

    #[test]
    fn comment_scan_agrees_with_the_line_by_line_scan() {
        const PIECES: &[&str] = &[
            "%%", "%% c", "%%{", " ", "\t", "\n", "\u{2028}", "\u{3000}", "\u{A0}", "x", "A-->B",
            "가", "%", "}", ";", "\u{2029}",
        ];
        let mut rng = XorShift(0x1234_5678_9ABC_DEF1);
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..rng.below(14) {
                text.push_str(PIECES[rng.below(PIECES.len())]);
            }
            let (mut a, mut b) = (text.clone(), text.clone());
            let (mut map_a, mut map_b) =
                (OffsetMap::identity(a.len()), OffsetMap::identity(b.len()));
            let found_a = cleanup_comments(&mut a, &mut map_a);
            let found_b = cleanup_comments_line_by_line(&mut b, &mut map_b);
            assert_eq!((a, map_a, found_a), (b, map_b, found_b), "{text:?}");
        }
    }

    #[test]
    fn near_lookups_agree_with_plain_lookups() {
        let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
        for _ in 0..500 {
            let original = random_input(&mut rng);
            let Ok(p) = preprocess(&original) else {
                continue;
            };
            let n = p.text.len();
            let mut hint = 0;
            for _ in 0..40 {
                let a = (rng.next() as usize) % (n + 2);
                let b = (rng.next() as usize) % (n + 2);
                let span = (a, if rng.below(4) == 0 { b } else { a.max(b) });
                assert_eq!(
                    p.map.span_to_original_near(span, &mut hint),
                    p.map.span_to_original(span),
                    "{original:?} {span:?}"
                );
            }
        }
    }

    // JSON ----------------------------------------------------------------------

    #[test]
    fn json_parsing_is_strict() {
        assert!(parse_json(r#"{"a": [1, -2.5e3, true, null, "x\u00e9\n"]}"#).is_some());
        for bad in [
            "{a: 1}", "{'a': 1}", "[1,]", "01", "1.", "\"\t\"", "{} x", "",
        ] {
            assert!(parse_json(bad).is_none(), "{bad}");
        }
    }
}
