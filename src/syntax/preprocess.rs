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

use yaml_rust2::{Yaml, YamlLoader};

const DASHES_MESSAGE: &str = "Diagrams beginning with --- are not valid. If you were trying to use a YAML front-matter, please ensure that you've correctly opened and closed the YAML front-matter with un-indented `---` blocks";

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
        let seg = &self.segments[self.segment_index(processed_offset)];
        match seg.kind {
            SegmentKind::Copy => seg.src + (processed_offset - seg.out),
            SegmentKind::Replace { .. } => seg.src,
        }
    }

    /// Original byte offset for an exclusive end offset: the end of the original text of
    /// the processed byte just before `processed_offset` (so removed text that follows is
    /// not included).
    pub fn to_original_end(&self, processed_offset: usize) -> usize {
        let p = processed_offset.min(self.processed_len);
        if p == 0 {
            return self.to_original(0);
        }
        let seg = &self.segments[self.segment_index(p - 1)];
        match seg.kind {
            SegmentKind::Copy => seg.src + (p - seg.out),
            SegmentKind::Replace { src_len } => seg.src + src_len,
        }
    }

    /// Original span for a `(start, end)` span of the processed text.
    pub fn span_to_original(&self, span: (usize, usize)) -> (usize, usize) {
        if span.1 <= span.0 {
            let at = self.to_original(span.0);
            return (at, at);
        }
        (self.to_original(span.0), self.to_original_end(span.1))
    }

    fn segment_index(&self, p: usize) -> usize {
        self.segments.partition_point(|s| s.out <= p) - 1
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
    /// The text after `%%`.
    pub text: String,
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
    let (cleaned, map1) = cleanup_text(original);

    let (front, body, step) = extract_front_matter(&cleaned, &map1, original)?;
    let map2 = compose(&step, &map1);

    let (without_directives, step, found) = remove_directives(&body);
    let directives = found
        .iter()
        .map(|m| Directive {
            span: map2.span_to_original((m.start, m.end)),
            name: body[m.name.0..m.name.1].to_string(),
            text: body[m.start..m.end].to_string(),
            args: body[m.args.0..m.args.1].to_string(),
        })
        .collect();
    let map3 = compose(&step, &map2);

    let (code, step, found) = cleanup_comments(&without_directives);
    let comments = found
        .iter()
        .map(|&(start, end)| Comment {
            span: map3.span_to_original((start, end)),
            text: without_directives[start + 2..end].to_string(),
        })
        .collect();
    let map4 = compose(&step, &map3);

    let front_config = front.as_ref().map(|(_, doc)| doc);
    let diagram_type = detect_diagram_type(&code, &body, front_config).map_err(|()| {
        let at = code.find("---").unwrap_or(0);
        PreprocessError {
            message: DASHES_MESSAGE.to_string(),
            span: map4.span_to_original((at, (at + 3).min(code.len()))),
            help: Some(DASHES_HELP.to_string()),
        }
    })?;

    let (encoded, step) = encode_entities(&code);
    let map6 = compose(&step, &map4);

    let (text, step) = trim_after_braces(&encoded);
    let map = compose(&step, &map6);

    Ok(Preprocessed {
        text,
        map,
        front_matter: front.map(|(fm, _)| fm),
        directives,
        comments,
        diagram_type,
    })
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
    let (text, map) = builder.finish();
    let mut out = text.into_bytes();
    single_quote_tag_attributes(&mut out);
    let text = String::from_utf8(out).expect("only ASCII quotes were swapped");
    (text, map)
}

fn single_quote_tag_attributes(bytes: &mut [u8]) {
    let mut from = 0;
    while let Some(open) = find_byte(bytes, b'<', from) {
        if !bytes.get(open + 1).is_some_and(|&b| is_word_byte(b)) {
            from = open + 1;
            continue;
        }
        let Some(close) = find_byte(bytes, b'>', open + 2) else {
            return;
        };
        let attributes = &mut bytes[open + 1..close];
        let mut i = 0;
        while i + 1 < attributes.len() {
            if attributes[i] == b'=' && attributes[i + 1] == b'"' {
                let Some(end) = find_byte(attributes, b'"', i + 2) else {
                    break;
                };
                attributes[i + 1] = b'\'';
                attributes[end] = b'\'';
                i = end + 1;
            } else {
                i += 1;
            }
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
/// parsed document, the remaining text and the step's map.
#[allow(clippy::type_complexity)]
fn extract_front_matter(
    cleaned: &str,
    map: &OffsetMap,
    original: &str,
) -> Result<(Option<(FrontMatter, Yaml)>, String, OffsetMap), PreprocessError> {
    let Some(found) = match_front_matter(cleaned) else {
        return Ok((
            None,
            cleaned.to_string(),
            OffsetMap::identity(cleaned.len()),
        ));
    };
    let yaml = &cleaned[found.content.0..found.content.1];
    let span = map.span_to_original((0, found.end));
    let doc = match YamlLoader::load_from_str(yaml) {
        Ok(mut docs) if !docs.is_empty() => docs.swap_remove(0),
        Ok(_) => Yaml::Null,
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
    let mut builder = Builder::new(cleaned);
    builder.skip_to(found.end);
    let (rest, step) = builder.finish();
    Ok((Some((front, doc)), rest, step))
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
        let newline = i + bytes.get(i..)?.iter().position(|&b| is_newline_byte(b))?;
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
fn remove_directives(text: &str) -> (String, OffsetMap, Vec<DirectiveMatch>) {
    let found = scan_directives(text);
    let mut builder = Builder::new(text);
    for m in &found {
        builder.copy_to(m.start);
        builder.skip_to(m.end);
    }
    let (out, map) = builder.finish();
    (out, map, found)
}

/// All matches of
/// `/%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi`.
fn scan_directives(text: &str) -> Vec<DirectiveMatch> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find("%%{") {
        let start = from + offset;
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

/// Removes every match of `/^\s*%%(?!{)[^\n]+\n?/gm`, then trims the start. Returns the
/// `(start of %%, line end)` of each removed comment in `text`.
fn cleanup_comments(text: &str) -> (String, OffsetMap, Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let len = text.len();
    let mut builder = Builder::new(text);
    let mut found = Vec::new();
    let mut line_start = Some(0);
    while let Some(start) = line_start {
        let marker = skip_js_space(text, start);
        let is_comment = text[marker..].starts_with("%%")
            && bytes
                .get(marker + 2)
                .is_some_and(|&b| b != b'{' && b != b'\n');
        if is_comment {
            let end = find_byte(bytes, b'\n', marker + 2).unwrap_or(len);
            found.push((marker, end));
            builder.copy_to(start);
            let resume = if end < len { end + 1 } else { len };
            builder.skip_to(resume);
            line_start = (resume < len).then_some(resume);
        } else {
            // Every line start up to `marker` shares the same whitespace run, so it fails too.
            line_start = next_line_start(text, marker);
        }
    }
    let (removed, map) = builder.finish();
    let mut builder = Builder::new(&removed);
    builder.skip_to(skip_js_space(&removed, 0));
    let (trimmed, trim_map) = builder.finish();
    (trimmed, compose(&trim_map, &map), found)
}

// ---------------------------------------------------------------------------
// Step 5: detectType
// ---------------------------------------------------------------------------

/// The `defaultRenderer` settings the detectors look at (`None` = undefined).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Renderers {
    flowchart: Option<String>,
    class: Option<String>,
    state: Option<String>,
}

const RENDERER_KEYS: [&str; 3] = ["flowchart", "class", "state"];
const DEFAULT_RENDERER: &str = "dagre-wrapper";

impl Renderers {
    fn mermaid_defaults() -> Self {
        let default = Some(DEFAULT_RENDERER.to_string());
        Renderers {
            flowchart: default.clone(),
            class: default.clone(),
            state: default,
        }
    }

    fn undefined() -> Self {
        Renderers {
            flowchart: None,
            class: None,
            state: None,
        }
    }

    fn slot(&mut self, index: usize) -> &mut Option<String> {
        match index {
            0 => &mut self.flowchart,
            1 => &mut self.class,
            _ => &mut self.state,
        }
    }

    fn apply(&mut self, settings: &[Setting; 3]) {
        for (i, setting) in settings.iter().enumerate() {
            match setting {
                Setting::Keep => {}
                Setting::Reset => *self.slot(i) = Some(DEFAULT_RENDERER.to_string()),
                Setting::Set(value) => *self.slot(i) = Some(value.clone()),
            }
        }
    }
}

/// What one configuration source does to a `defaultRenderer` value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Setting {
    Keep,
    /// Set to `null`, which sanitizing deletes, restoring the default.
    Reset,
    /// Set; a non-string value is stored as an empty string, which matches no renderer.
    Set(String),
}

/// The detector id chosen for `code`, or `Err` for the `---` pseudo-diagram.
fn detect_diagram_type(
    code: &str,
    after_front_matter: &str,
    front_matter: Option<&Yaml>,
) -> Result<DiagramType, ()> {
    let mut renderers = Renderers::mermaid_defaults();
    if let Some(doc) = front_matter {
        renderers.apply(&renderer_settings(&doc["config"]));
    }
    let init = init_directive_config(after_front_matter);
    if init.fails_detection {
        return Ok(DiagramType::Unknown);
    }
    renderers.apply(&init.settings);
    Ok(match detect_id(&detection_text(code), &renderers) {
        Some("---") => return Err(()),
        Some("flowchart-elk") => DiagramType::FlowchartElk,
        Some("flowchart-v2" | "flowchart") => DiagramType::Flowchart,
        Some(id) => DiagramType::Other(id.to_string()),
        None => DiagramType::Unknown,
    })
}

fn renderer_settings(config: &Yaml) -> [Setting; 3] {
    RENDERER_KEYS.map(|key| match &config[key]["defaultRenderer"] {
        Yaml::BadValue => Setting::Keep,
        Yaml::Null => Setting::Reset,
        Yaml::String(s) => Setting::Set(s.clone()),
        _ => Setting::Set(String::new()),
    })
}

/// The effect of `init`/`initialize` directives, as computed by `utils.detectInit`.
struct InitConfig {
    settings: [Setting; 3],
    /// `detectInit` calls `detectType`, which throws for an unknown diagram.
    fails_detection: bool,
}

fn init_directive_config(text: &str) -> InitConfig {
    let none = InitConfig {
        settings: [Setting::Keep, Setting::Keep, Setting::Keep],
        fails_detection: false,
    };
    if !text.contains("%%") {
        return none;
    }
    let scanned = directive_detection_text(text);
    let mut inits = Vec::new();
    for m in scan_directives(&scanned) {
        let name = &scanned[m.name.0..m.name.1];
        if !(name.ends_with("init") || name.ends_with("initialize")) {
            continue;
        }
        let args = &scanned[m.args.0..m.args.1];
        inits.push(if m.word_args {
            Yaml::String(args.to_string())
        } else if args.is_empty() {
            Yaml::Null
        } else {
            match parse_json(js_trim(args)) {
                Some(value) => value,
                None => return none,
            }
        });
    }
    let mut settings = [Setting::Keep, Setting::Keep, Setting::Keep];
    match inits.as_slice() {
        [] => return none,
        [single] => {
            if !js_truthy(single) {
                return none;
            }
            if !matches!(single, Yaml::Hash(_)) {
                return InitConfig {
                    fails_detection: detect_id(&detection_text(text), &Renderers::undefined())
                        .is_none(),
                    ..none
                };
            }
            settings = renderer_settings(single);
            let config = &single["config"];
            let id = detect_id(&detection_text(text), &Renderers::undefined());
            if !matches!(config, Yaml::BadValue) {
                let key = match id {
                    Some("flowchart-v2") => Some("flowchart"),
                    other => other,
                };
                if let Some(slot) = RENDERER_KEYS.iter().position(|&k| Some(k) == key) {
                    settings[slot] = match &config["defaultRenderer"] {
                        Yaml::BadValue => Setting::Keep,
                        Yaml::Null => Setting::Reset,
                        Yaml::String(s) => Setting::Set(s.clone()),
                        _ => Setting::Set(String::new()),
                    };
                }
            }
            return InitConfig {
                settings,
                fails_detection: id.is_none(),
            };
        }
        several => {
            for args in several {
                merge_sanitized_settings(&mut settings, args);
            }
        }
    }
    InitConfig {
        settings,
        fails_detection: detect_id(&detection_text(text), &Renderers::undefined()).is_none(),
    }
}

/// `assignWithDepth` of sanitized directive arguments, restricted to `defaultRenderer`.
fn merge_sanitized_settings(settings: &mut [Setting; 3], args: &Yaml) {
    match args {
        Yaml::Array(items) => {
            for item in items {
                merge_sanitized_settings(settings, item);
            }
        }
        Yaml::Hash(_) => {
            for (slot, setting) in renderer_settings(args).into_iter().enumerate() {
                if let Setting::Set(_) = setting {
                    settings[slot] = setting;
                }
            }
        }
        _ => {}
    }
}

fn js_truthy(value: &Yaml) -> bool {
    match value {
        Yaml::Hash(_) | Yaml::Array(_) => true,
        _ => js_truthy_to_string(value).is_some(),
    }
}

/// The text `detectDirective` scans: trimmed, `%%}%%…\n` removed, `'` → `"`.
fn directive_detection_text(text: &str) -> String {
    let text = js_trim(text);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(offset) = text[from..].find("%%}%%") {
        let start = from + offset;
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

/// The text `detectType` hands to the detectors.
fn detection_text(code: &str) -> String {
    let body = match match_front_matter(code) {
        Some(m) => &code[m.end..],
        None => code,
    };
    let mut stripped = String::with_capacity(body.len());
    let mut copied = 0;
    for m in scan_directives(body) {
        stripped.push_str(&body[copied..m.start]);
        copied = m.end;
    }
    stripped.push_str(&body[copied..]);
    replace_any_comments(&stripped)
}

/// `text.replace(/\s*%%.*\n/gm, '\n')`.
fn replace_any_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let len = text.len();
    let mut out = String::with_capacity(len);
    let mut copied = 0;
    let mut i = 0;
    while i < len {
        let marker = skip_js_space(text, i);
        if text[marker..].starts_with("%%") {
            let end = line_end(text, marker + 2);
            if bytes.get(end) == Some(&b'\n') {
                out.push_str(&text[copied..i]);
                out.push('\n');
                copied = end + 1;
                i = end + 1;
            } else {
                i = end;
                if end < len {
                    i += char_at(text, end).len_utf8();
                }
            }
        } else if marker >= len {
            break;
        } else {
            i = marker + char_at(text, marker).len_utf8();
        }
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

/// Mermaid's detectors in registration order (full build, `includeLargeFeatures`).
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
        p.starts("C4Context")
            || ["C4Container", "C4Component", "C4Dynamic", "C4Deployment"]
                .iter()
                .any(|k| p.text.contains(k))
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
    ("ishikawa", |p| {
        p.starts_ignore_case("ishikawa")
            && !p
                .body
                .as_bytes()
                .get("ishikawa".len())
                .is_some_and(|&b| is_word_byte(b))
    }),
    ("treemap", |p| p.starts("treemap")),
    ("venn", |p| p.starts("venn-beta")),
    ("wardley-beta", |p| p.starts_ignore_case("wardley-beta")),
];

fn detect_id(text: &str, renderers: &Renderers) -> Option<&'static str> {
    let probe = Probe {
        text,
        body: text.trim_start_matches(is_js_space),
        renderers,
    };
    DETECTORS
        .iter()
        .find(|(_, detector)| detector(&probe))
        .map(|&(id, _)| id)
}

// ---------------------------------------------------------------------------
// Step 6: encodeEntities (+ the '\n' appended by Diagram.fromText)
// ---------------------------------------------------------------------------

/// `encodeEntities(text) + '\n'`.
fn encode_entities(text: &str) -> (String, OffsetMap) {
    let (styled, map) = drop_last_semicolon(text, "style");
    let (classed, step) = drop_last_semicolon(&styled, "classDef");
    let map = compose(&step, &map);
    let (encoded, step) = encode_entity_references(&classed);
    (encoded, compose(&step, &map))
}

/// `text.replace(/<keyword>.*:\S*#.*;/g, s => s.slice(0, -1))`: on each line where the
/// pattern matches, the match ends at the line's last `;`, which is dropped.
fn drop_last_semicolon(text: &str, keyword: &str) -> (String, OffsetMap) {
    let len = text.len();
    let mut builder = Builder::new(text);
    let mut start = 0;
    loop {
        let end = line_end(text, start);
        if let Some(semicolon) = droppable_semicolon(&text[start..end], keyword) {
            builder.copy_to(start + semicolon);
            builder.skip_to(start + semicolon + 1);
        }
        if end >= len {
            break;
        }
        start = end + char_at(text, end).len_utf8();
    }
    builder.finish()
}

fn droppable_semicolon(line: &str, keyword: &str) -> Option<usize> {
    let first = line.find(keyword)?;
    let mut after_colon = false;
    let mut hash = None;
    for (i, c) in line[first + keyword.len()..].char_indices() {
        match c {
            '#' if after_colon => {
                hash = Some(first + keyword.len() + i);
                break;
            }
            ':' => after_colon = true,
            c if is_js_space(c) => after_colon = false,
            _ => {}
        }
    }
    let semicolon = line.rfind(';')?;
    (semicolon > hash?).then_some(semicolon)
}

/// `#\w+;` → `ﬂ°°<digits>¶ß` or `ﬂ°<word>¶ß`, then `'\n'` appended.
fn encode_entity_references(text: &str) -> (String, OffsetMap) {
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
    builder.copy_to(text.len());
    builder.replace_to(text.len(), "\n");
    builder.finish()
}

// ---------------------------------------------------------------------------
// Step 7: flowParser.ts
// ---------------------------------------------------------------------------

/// `src.replace(/}\s*\n/g, '}\n')`.
fn trim_after_braces(text: &str) -> (String, OffsetMap) {
    let bytes = text.as_bytes();
    let mut builder = Builder::new(text);
    let mut from = 0;
    while let Some(brace) = find_byte(bytes, b'}', from) {
        let run_end = skip_js_space(text, brace + 1);
        match bytes[brace + 1..run_end].iter().rposition(|&b| b == b'\n') {
            Some(offset) => {
                let newline = brace + 1 + offset;
                builder.copy_to(brace + 1);
                builder.skip_to(newline);
                from = newline + 1;
            }
            None => from = run_end.max(brace + 1),
        }
    }
    builder.finish()
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
    if let (Some(last), SegmentKind::Copy) = (segments.last(), segment.kind) {
        if last.kind == SegmentKind::Copy && last.src + (segment.out - last.out) == segment.src {
            return;
        }
    }
    segments.push(segment);
}

/// Builds one step's output from its input, recording how output maps to input.
struct Builder<'a> {
    input: &'a str,
    out: String,
    segments: Vec<Segment>,
    pos: usize,
}

impl<'a> Builder<'a> {
    fn new(input: &'a str) -> Self {
        Builder {
            input,
            out: String::with_capacity(input.len() + 1),
            segments: Vec::new(),
            pos: 0,
        }
    }

    fn copy_to(&mut self, end: usize) {
        if end > self.pos {
            self.substitute_to(end, &self.input[self.pos..end]);
        }
    }

    /// Copies with a same-length replacement text.
    fn substitute_to(&mut self, end: usize, with: &str) {
        debug_assert_eq!(with.len(), end - self.pos);
        push_segment(
            &mut self.segments,
            Segment {
                out: self.out.len(),
                src: self.pos,
                kind: SegmentKind::Copy,
            },
        );
        self.out.push_str(with);
        self.pos = end;
    }

    fn skip_to(&mut self, end: usize) {
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
        self.pos = end;
    }

    fn finish(mut self) -> (String, OffsetMap) {
        self.copy_to(self.input.len());
        let map = OffsetMap {
            segments: self.segments,
            processed_len: self.out.len(),
            original_len: self.input.len(),
        };
        (self.out, map)
    }
}

/// `later` maps C → B and `earlier` maps B → A; the result maps C → A.
fn compose(later: &OffsetMap, earlier: &OffsetMap) -> OffsetMap {
    let mut segments = Vec::with_capacity(later.segments.len().max(earlier.segments.len()));
    for (index, seg) in later.segments.iter().enumerate() {
        match seg.kind {
            SegmentKind::Copy => {
                let len = later.segment_end(index) - seg.out;
                let mut mid = seg.src;
                let mid_end = seg.src + len;
                let mut e = earlier.segment_index(mid);
                while mid < mid_end {
                    let inner = earlier.segments[e];
                    let piece_end = earlier.segment_end(e).min(mid_end);
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
                    mid = piece_end;
                    e += 1;
                }
            }
            SegmentKind::Replace { src_len } => {
                let start = earlier.to_original(seg.src);
                let end = if src_len == 0 {
                    start
                } else {
                    earlier.to_original_end(seg.src + src_len)
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

/// JavaScript `\s` (and what `trim` removes).
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

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
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == needle)
        .map(|p| p + from)
}

/// First JavaScript line terminator (`\n`, `\r`, U+2028, U+2029) at or after `from`.
fn line_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' | b'\r' => return i,
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                return i;
            }
            _ => i += 1,
        }
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
