//! Bad input never panics: whatever text it is given, the parser, the FlowDB builder and the
//! error renderer return cleanly, and every span they report lies within the input, on
//! character boundaries.
//!
//! Property tests feed arbitrary strings, strings built from Mermaid tokens, and truncated or
//! mutated copies of every real diagram of the corpus; the deterministic tests below them cover
//! the extremes (deep nesting, huge labels and lines, bad encodings, odd line endings).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use topomaid::diagnostics::{one_line, render_error};
use topomaid::flowdb::FlowDb;
use topomaid::input::{InputError, decode_utf8, markdown_mermaid_blocks};
use topomaid::source::{LineIndex, Span, floor_char_boundary};
use topomaid::syntax::ast::{Flowchart, Label, Link, LinkStyleTarget, NodeRef, Statement};
use topomaid::syntax::error::SyntaxError;
use topomaid::syntax::parser::MAX_SUBGRAPH_DEPTH;
use topomaid::syntax::{self, ParseFailure};

const NAME: &str = "bad.mmd";

// ---------------------------------------------------------------------------
// The checks every input goes through
// ---------------------------------------------------------------------------

/// `span` lies within `text` and starts and ends on character boundaries.
fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end as usize <= text.len(),
        "{what} span {span:?} is outside the input ({} bytes): {text:?}",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
        "{what} span {span:?} is not on character boundaries: {text:?}"
    );
}

fn assert_label(text: &str, label: &Label, what: &str) {
    assert_span(text, label.span, what);
}

fn assert_node(text: &str, node: &NodeRef) {
    assert_span(text, node.span, "node");
    assert_span(text, node.id.span, "node id");
    if let Some(shape) = &node.shape {
        assert_span(text, shape.span, "node shape");
        assert_label(text, &shape.label, "node label");
    }
    if let Some(class) = &node.class {
        assert_span(text, class.span, "node class");
    }
    if let Some(data) = &node.data {
        assert_span(text, data.span, "node data");
    }
}

fn assert_link(text: &str, link: &Link) {
    assert_span(text, link.span, "link");
    if let Some(t) = &link.text {
        assert_label(text, t, "link text");
    }
    if let Some(id) = &link.id {
        assert_span(text, id.span, "link id");
    }
}

/// Every span of every statement, recursively, lies within `text`.
fn assert_statements(text: &str, statements: &[Statement]) {
    for s in statements {
        assert_span(text, s.span(), "statement");
        match s {
            Statement::Vertex(v) => {
                v.first.iter().for_each(|n| assert_node(text, n));
                for (link, group) in &v.chain {
                    assert_link(text, link);
                    group.iter().for_each(|n| assert_node(text, n));
                }
            }
            Statement::Subgraph(sg) => {
                if let Some(h) = &sg.head {
                    assert_label(text, h, "subgraph id");
                }
                if let Some(t) = &sg.title {
                    assert_label(text, t, "subgraph title");
                }
                assert_statements(text, &sg.body);
            }
            Statement::ClassDef(c) => {
                assert_span(text, c.names.span, "classDef names");
                c.styles
                    .iter()
                    .for_each(|s| assert_span(text, s.span, "style"));
            }
            Statement::Class(c) => {
                assert_span(text, c.ids.span, "class ids");
                assert_span(text, c.class.span, "class name");
            }
            Statement::Style(st) => {
                assert_span(text, st.id.span, "style id");
                st.styles
                    .iter()
                    .for_each(|s| assert_span(text, s.span, "style"));
            }
            Statement::LinkStyle(ls) => {
                if let LinkStyleTarget::Indices(ix) = &ls.target {
                    ix.iter()
                        .for_each(|i| assert_span(text, i.span, "link index"));
                }
                if let Some(i) = &ls.interpolate {
                    assert_span(text, i.span, "interpolate");
                }
                ls.styles
                    .iter()
                    .for_each(|s| assert_span(text, s.span, "style"));
            }
            Statement::Click(c) => assert_span(text, c.id.span, "click id"),
            Statement::AccTitle(_)
            | Statement::AccDescr(_)
            | Statement::Direction(_)
            | Statement::Empty(_) => {}
        }
    }
}

fn assert_chart(text: &str, chart: &Flowchart) {
    assert_span(text, chart.header.span, "header");
    if let Some(d) = &chart.header.direction {
        assert_span(text, d.span, "direction");
    }
    chart
        .comments
        .iter()
        .for_each(|c| assert_span(text, c.span, "comment"));
    chart
        .directives
        .iter()
        .for_each(|d| assert_span(text, d.span, "directive"));
    if let Some(f) = &chart.front_matter {
        assert_span(text, f.span, "front matter");
    }
    assert_statements(text, &chart.statements);
}

fn assert_db(text: &str, db: &FlowDb) {
    for v in &db.vertices {
        assert_span(text, v.span, "vertex");
        if let Some(l) = v.label_span {
            assert_span(text, l, "vertex label");
        }
    }
    db.edges
        .iter()
        .for_each(|e| assert_span(text, e.span, "edge"));
    db.subgraphs
        .iter()
        .for_each(|s| assert_span(text, s.span, "subgraph"));
}

/// The `line:column` that the rendered error shows for byte `offset` of `text`.
///
/// This is [`LineIndex::line_col`] of the offset after the clamping `render_error` does: on a
/// character boundary, and at the very end of a text that ends with a line break, on that line
/// break (no line follows it).
fn rendered_location(text: &str, offset: usize) -> String {
    let mut offset = floor_char_boundary(text, offset.min(text.len()));
    if offset == text.len() && text.ends_with('\n') {
        offset -= 1;
    }
    let lc = LineIndex::new(text).line_col(text, offset);
    format!("{}:{}", lc.line, lc.column)
}

/// Checks one error of the diagram `doc[base..end]`.
fn check_error(doc: &str, base: usize, end: usize, err: &SyntaxError) {
    let diagram = &doc[base..end];
    assert!(!err.message.is_empty(), "empty error message: {err:?}");
    assert_span(diagram, err.span, "error");
    for (span, _) in &err.related {
        assert_span(diagram, *span, "related");
    }
    let rendered = render_error(NAME, doc, base, err, false);
    let location = format!(
        "{NAME}:{}",
        rendered_location(doc, base + err.span.start as usize)
    );
    assert!(
        rendered.contains(&location),
        "rendered error lacks `{location}`:\n{rendered}\ninput: {doc:?}"
    );
    // The renderer indents later lines of a message and drops zero-width characters, so only
    // the plain beginning of the message is looked for.
    let head: String = err
        .message
        .chars()
        .take_while(|c| c.is_ascii_graphic() || *c == ' ')
        .collect();
    assert!(rendered.contains(&format!("error: {head}")), "{rendered}");
    render_error(NAME, doc, base, err, true);
    let line = one_line(NAME, doc, base, err);
    let short = line.split(": ").next().unwrap_or_default();
    assert!(
        rendered.contains(&format!("{short}\n")),
        "`{line}` disagrees with\n{rendered}"
    );
}

/// What became of a diagram.
#[derive(Debug)]
enum Outcome {
    Parsed(Box<FlowDb>),
    Rejected(Vec<SyntaxError>),
}

/// Parses and builds the diagram `doc[base..end]`, checking every span and rendering every
/// error within the whole document.
fn check_in(doc: &str, base: usize, end: usize) -> Outcome {
    let text = &doc[base..end];
    let errors = match syntax::parse(text) {
        Ok(chart) => {
            assert_chart(text, &chart);
            match FlowDb::build(&chart) {
                Ok(db) => {
                    assert_db(text, &db);
                    return Outcome::Parsed(Box::new(db));
                }
                Err(e) => vec![e],
            }
        }
        Err(failure) => {
            if let ParseFailure::Unsupported { span, .. } = &failure {
                assert_span(text, *span, "diagram keyword");
            }
            failure.errors()
        }
    };
    assert!(!errors.is_empty(), "rejected without an error: {text:?}");
    for e in &errors {
        check_error(doc, base, end, e);
    }
    Outcome::Rejected(errors)
}

fn check(text: &str) -> Outcome {
    check_in(text, 0, text.len())
}

/// Every diagram block of a Markdown document lies within it and is checked in place.
fn check_markdown(md: &str) {
    for r in markdown_mermaid_blocks(md) {
        assert_span(md, Span::new(r.start, r.end), "markdown block");
        check_in(md, r.start, r.end);
    }
}

// ---------------------------------------------------------------------------
// Inputs for the properties
// ---------------------------------------------------------------------------

/// Pieces of Mermaid syntax, right and wrong, and characters that have tripped parsers before.
const TOKENS: &[&str] = &[
    "graph TD\n",
    "flowchart LR\n",
    "graph",
    "flowchart-elk TB\n",
    "A",
    "B",
    "node_1",
    " ",
    "\t",
    "-->",
    "---",
    "-.->",
    "==>",
    "~~~",
    "--o",
    "--x",
    "x--x",
    "o--o",
    "<-->",
    "-- text -->",
    "-->|",
    "|",
    "[",
    "]",
    "(",
    ")",
    "((",
    "))",
    "([",
    "[(",
    "[[",
    "{",
    "}",
    "{{",
    ">",
    "[/",
    "\\]",
    "\"",
    "`",
    "\"`",
    "@{",
    "@{ shape: rect }",
    "@{ shape: ",
    "e1@",
    "subgraph ",
    "subgraph S [\"title\"]\n",
    "end",
    "direction LR\n",
    "\n",
    ";",
    "&",
    ":::",
    ",",
    ":",
    "classDef ",
    "class ",
    "style ",
    "linkStyle ",
    "linkStyle default ",
    "interpolate basis ",
    "0",
    "12",
    "fill:#f9f,stroke:#333",
    "click ",
    "href \"http://x\" ",
    "call cb(\"a\")",
    "accTitle: t\n",
    "accDescr: d\n",
    "accDescr {",
    "%%",
    "%% comment\n",
    "%%{init: {}}%%",
    "%%{init: {\"flowchart\": {\"defaultRenderer\": \"elk\"}}}%%\n",
    "%%{",
    "}%%",
    "---\n",
    "title: T\n",
    "#quot;",
    "#35;",
    "#",
    "<br/>",
    "<b class=\"x\">",
    "</b>",
    "가나다",
    "한글 노드",
    "🌐",
    "👨‍💻",
    "\u{301}",
    "\r\n",
    "\r",
    "\u{feff}",
    "\u{a0}",
    "\u{2028}",
    "\0",
    "\\",
];

fn mermaid_flavoured() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..48).prop_map(|v| v.concat())
}

/// Pieces of node ids, labels and link texts: words, punctuation that ends unquoted labels,
/// quotes, entity codes, markup, non-ASCII letters and spaces.
const WORDS: &[&str] = &[
    "A", "web_1", "DB", "x", "o", "end", "graph", "default", "style", "가나", "🌐", " ", "\u{a0}",
    "\u{3000}", "\t", "-", "--", ".", ":", ",", "&", "#", "#quot;", "#9829;", "<br/>", "<b>", "(",
    ")", "[", "]", "{", "}", "|", "/", "\\", "\"", "`", "'", "@", ";", "%%", "\n", "\r\n",
];

/// Label brackets as pairs; a node usually takes a matching pair, sometimes a mismatched one.
const BRACKETS: &[(&str, &str)] = &[
    ("[", "]"),
    ("(", ")"),
    ("((", "))"),
    ("(((", ")))"),
    ("([", "])"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("{", "}"),
    ("{{", "}}"),
    (">", "]"),
    ("[/", "/]"),
    ("[\\", "\\]"),
    ("[/", "\\]"),
    ("(-", "-)"),
    ("[|a:b|", "]"),
    ("[\"", "\"]"),
    ("[\"`", "`\"]"),
    ("", ""),
];

const IDS: &[&str] = &["A", "B", "web_1", "DB", "n-1", "가나", "x1", "1", "end1"];

const LINKS: &[&str] = &[
    "-->", "---", "-.->", "==>", "~~~", "--o", "--x", "<-->", "x--x", "o--o", "----->", "-.-",
    "-- ", " -->", "== ", " ==>", "-. ", " .->", "-->|", "|", "e1@-->", " & ", "",
];

fn word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(WORDS)
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 0..max).prop_map(|v| v.concat())
}

/// `id`, an optional bracketed label and an optional `:::class` or `@{ … }`.
fn node() -> impl Strategy<Value = String> {
    let id = prop_oneof![3 => prop::sample::select(IDS).prop_map(str::to_string), 1 => words(3)];
    let pair = prop::sample::select(BRACKETS);
    let brackets = prop_oneof![
        3 => pair.clone().prop_map(|(o, c)| (o, c)),
        1 => (pair.clone(), pair).prop_map(|((o, _), (_, c))| (o, c)),
    ];
    let tail = prop::sample::select(&["", "", ":::c", "@{ shape: rect }", "@{ label: \"x\" }"][..]);
    (id, brackets, words(6), tail)
        .prop_map(|(id, (open, close), label, tail)| format!("{id}{open}{label}{close}{tail}"))
}

/// Lines shaped like statements: nodes joined by links with optional texts, or other
/// statements, inside optional subgraphs.
fn statement_lines() -> impl Strategy<Value = String> {
    let link = (prop::sample::select(LINKS), words(3), prop::bool::ANY).prop_map(
        |(arrow, text, piped)| {
            if piped {
                format!("{arrow}|{text}|")
            } else {
                arrow.to_string()
            }
        },
    );
    let chain = (node(), prop::collection::vec((link, node()), 0..4)).prop_map(|(first, rest)| {
        let mut s = first;
        for (l, n) in rest {
            s.push_str(&l);
            s.push_str(&n);
        }
        s
    });
    let other = prop_oneof![
        words(4).prop_map(|w| format!("subgraph {w}")),
        Just("end".to_string()),
        words(4).prop_map(|w| format!("classDef c {w}")),
        words(4).prop_map(|w| format!("class {w} c")),
        words(4).prop_map(|w| format!("style A {w}")),
        words(4).prop_map(|w| format!("linkStyle {w} stroke:red")),
        words(4).prop_map(|w| format!("click A {w}")),
        words(4).prop_map(|w| format!("accDescr {{ {w}")),
        words(3).prop_map(|w| format!("direction {w}")),
    ];
    let line = prop_oneof![4 => chain, 1 => other];
    (
        prop::sample::select(&["graph TD", "flowchart LR", "graph", "flowchart-elk RL"][..]),
        prop::collection::vec(
            (line, prop::sample::select(&["\n", ";", "\r\n", " \n"][..])),
            1..8,
        ),
    )
        .prop_map(|(header, lines)| {
            let mut s = format!("{header}\n");
            for (l, sep) in lines {
                s.push_str("  ");
                s.push_str(&l);
                s.push_str(sep);
            }
            s
        })
}

/// Arbitrary text, half the time behind a valid header so that it reaches the parser proper.
fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        any::<String>().prop_map(|s| format!("graph TD\n{s}")),
        "\\PC{0,40}".prop_map(|s| format!("flowchart LR\n  {s}")),
    ]
}

fn corpus_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            corpus_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "mmd") {
            out.push(path);
        }
    }
}

/// Every real diagram: `fixtures/corpus/**/*.mmd` and `diagrams/*.mmd`.
fn corpus() -> &'static [(String, String)] {
    static CORPUS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        corpus_files(&root.join("fixtures/corpus"), &mut paths);
        corpus_files(&root.join("diagrams"), &mut paths);
        paths.sort();
        let files: Vec<_> = paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).expect("corpus file is UTF-8");
                (p.display().to_string(), text)
            })
            .collect();
        assert!(files.len() >= 10, "corpus not found");
        files
    })
}

/// One edit of a text.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(Index),
    Insert(Index, char),
    Delete(Index),
    Replace(Index, char),
}

/// Characters worth inserting: Mermaid's punctuation, line ends, and anything else.
fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(
            "[](){}<>|\"`'@&;:,.-=~ox#%/\\\n\r\t \0\u{feff}\u{a0}가🌐".chars().collect::<Vec<_>>()
        ),
        1 => any::<char>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<Index>().prop_map(Mutation::Truncate),
        3 => (any::<Index>(), edit_char()).prop_map(|(i, c)| Mutation::Insert(i, c)),
        3 => any::<Index>().prop_map(Mutation::Delete),
        3 => (any::<Index>(), edit_char()).prop_map(|(i, c)| Mutation::Replace(i, c)),
    ]
}

/// The char boundary of `text` that `i` picks (`text.len()` included).
fn boundary(text: &str, i: &Index) -> usize {
    floor_char_boundary(text, i.index(text.len() + 1))
}

fn apply(text: &mut String, m: &Mutation) {
    match m {
        Mutation::Truncate(i) => {
            let at = boundary(text, i);
            text.truncate(at);
        }
        Mutation::Insert(i, c) => {
            let at = boundary(text, i);
            text.insert(at, *c);
        }
        Mutation::Delete(i) | Mutation::Replace(i, _) => {
            let at = boundary(text, i);
            if at < text.len() {
                text.remove(at);
            }
            if let Mutation::Replace(_, c) = m {
                text.insert(at, *c);
            }
        }
    }
}

/// A corpus diagram with a few edits.
fn mutated_corpus() -> impl Strategy<Value = (String, String)> {
    (any::<Index>(), prop::collection::vec(mutation(), 1..5)).prop_map(|(file, edits)| {
        let (name, text) = file.get(corpus());
        let mut text = text.clone();
        for m in &edits {
            apply(&mut text, m);
        }
        (format!("{name} after {edits:?}"), text)
    })
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// `default` cases, or `PROPTEST_CASES` when set (for a longer soak: `PROPTEST_CASES=20000
/// cargo test --release --test robustness`).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(600),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics(text in arbitrary_text()) {
        check(&text);
    }

    #[test]
    fn mermaid_flavoured_text_never_panics(text in mermaid_flavoured()) {
        check(&text);
    }

    #[test]
    fn mermaid_flavoured_text_after_a_header_never_panics(text in mermaid_flavoured()) {
        check(&format!("graph TD\n{text}"));
    }

    #[test]
    fn statement_shaped_text_never_panics(text in statement_lines()) {
        check(&text);
    }

    #[test]
    fn markdown_blocks_are_found_without_panics(
        a in mermaid_flavoured(),
        b in arbitrary_text(),
        fence in prop::sample::select(vec!["```", "~~~", "````", "  ```", "> ```"]),
    ) {
        check_markdown(&format!("# Doc\n{fence}mermaid\n{a}\n{fence}\ntext\n{fence} mermaid\n{b}"));
        check_markdown(&b);
    }

    #[test]
    fn decode_utf8_never_panics(
        prefix in "\\PC{0,20}(\n\\PC{0,10}){0,3}",
        bytes in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let mut all = prefix.clone().into_bytes();
        all.extend(&bytes);
        match (decode_utf8("x.mmd", all.clone()), String::from_utf8(all)) {
            (Ok(text), Ok(expected)) => {
                prop_assert_eq!(&text, &expected);
                check(&text);
            }
            (Err(InputError::InvalidUtf8 { line, column, byte, .. }), Err(e)) => {
                let valid_up_to = e.utf8_error().valid_up_to();
                prop_assert_eq!(byte, valid_up_to);
                let valid = std::str::from_utf8(&e.as_bytes()[..byte]).unwrap();
                let lc = LineIndex::new(valid).line_col(valid, byte);
                prop_assert_eq!((line, column), (lc.line, lc.column));
            }
            (got, expected) => prop_assert!(false, "decode_utf8 gave {got:?}, std {expected:?}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(300),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_corpus_diagrams_never_panic((_what, text) in mutated_corpus()) {
        check(&text);
    }

    #[test]
    fn mutated_corpus_diagrams_read_the_same_with_crlf((_what, text) in mutated_corpus()) {
        let lf = text.replace('\r', "");
        prop_assert_eq!(summary(&lf), summary(&to_crlf(&lf)));
    }
}

#[test]
fn every_corpus_diagram_and_every_prefix_of_its_first_lines_is_handled() {
    for (_, text) in corpus() {
        check(text);
        // Every truncation within the first 600 bytes: header, front matter, first statements.
        let mut end = 0;
        while end < text.len().min(600) {
            check(&text[..end]);
            end += text[end..].chars().next().map_or(1, char::len_utf8);
        }
    }
}

// ---------------------------------------------------------------------------
// Deterministic extremes
// ---------------------------------------------------------------------------

fn rejected(text: &str) -> Vec<SyntaxError> {
    match check(text) {
        Outcome::Rejected(e) => e,
        other => panic!("not rejected: {other:?}"),
    }
}

fn parsed(text: &str) -> FlowDb {
    match check(text) {
        Outcome::Parsed(db) => *db,
        other => panic!("not parsed: {other:?}"),
    }
}

fn vertex_ids(db: &FlowDb) -> Vec<&str> {
    db.vertices.iter().map(|v| v.id.as_str()).collect()
}

fn edge_ends(db: &FlowDb) -> Vec<(&str, &str)> {
    db.edges
        .iter()
        .map(|e| (e.start.as_str(), e.end.as_str()))
        .collect()
}

fn nested(depth: usize, closed: bool) -> String {
    let mut text = String::from("graph TD\n");
    for i in 0..depth {
        text.push_str(&format!("subgraph s{i}\n"));
    }
    text.push_str("A-->B\n");
    if closed {
        text.push_str(&"end\n".repeat(depth));
    }
    text
}

#[test]
fn subgraphs_nested_to_the_limit_parse() {
    let db = parsed(&nested(MAX_SUBGRAPH_DEPTH, true));
    assert_eq!(db.subgraphs.len(), MAX_SUBGRAPH_DEPTH);
    assert_eq!(edge_ends(&db), [("A", "B")]);
}

#[test]
fn subgraphs_nested_past_the_limit_are_a_clean_error() {
    let errors = rejected(&nested(MAX_SUBGRAPH_DEPTH + 1, true));
    assert!(errors[0].message.contains("nested more than"), "{errors:?}");
}

#[test]
fn hundred_thousand_nested_subgraphs_are_a_clean_error() {
    for closed in [true, false] {
        let text = nested(100_000, closed);
        let errors = rejected(&text);
        let deep = format!("subgraphs nested more than {MAX_SUBGRAPH_DEPTH} deep");
        assert_eq!(errors[0].message, deep);
        // The error points at the first subgraph too deep.
        let line = MAX_SUBGRAPH_DEPTH + 2;
        assert!(render_error(NAME, &text, 0, &errors[0], false).contains(&format!(":{line}:1")));
        assert!(errors.len() <= 51, "{} errors", errors.len());
    }
}

#[test]
fn ten_megabyte_label_parses() {
    let label = "x".repeat(10 << 20);
    let db = parsed(&format!("graph TD\nA[\"{label}\"]-->B"));
    assert_eq!(vertex_ids(&db), ["A", "B"]);
    assert_eq!(db.vertices[0].text.len(), label.len());
    assert_eq!(edge_ends(&db), [("A", "B")]);
}

#[test]
fn ten_megabyte_unquoted_label_and_edge_text_parse() {
    let label = "y".repeat(10 << 20);
    let db = parsed(&format!("graph TD\nA[{label}]-->|{label}|B"));
    assert_eq!(db.vertices[0].text.len(), label.len());
    assert_eq!(db.edges[0].text().len(), label.len());
}

#[test]
fn invalid_utf8_is_a_clean_error_with_line_and_column() {
    let cases: &[(&[u8], usize, usize, usize)] = &[
        (b"graph TD\n  A[\"caf\xc3\xa9\xff\"]-->B\n", 2, 10, 19),
        (b"\xff", 1, 1, 0),
        (b"graph TD\nA-->B\n\xc3", 3, 1, 15), // truncated sequence at the end
        (b"graph TD\r\nA\xe2\x82-->B", 2, 2, 11), // truncated in the middle
        (b"graph TD\n\xed\xa0\x80", 2, 1, 9), // an encoded surrogate
        (b"graph TD\n\xc0\xaf", 2, 1, 9),     // an overlong encoding
        (b"graph TD\n\xf4\x90\x80\x80", 2, 1, 9), // beyond U+10FFFF
        (
            b"\xea\xb0\x80\n\xeb\x82\x98\n\xf0\x9f\x8c\x90\x80",
            3,
            2,
            12,
        ), // stray continuation byte
    ];
    for &(bytes, line, column, byte) in cases {
        let err = decode_utf8("x.mmd", bytes.to_vec()).unwrap_err();
        let InputError::InvalidUtf8 {
            line: l,
            column: c,
            byte: b,
            ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!((*l, *c, *b), (line, column, byte), "{bytes:?}");
        assert_eq!(
            err.to_string(),
            format!("x.mmd: not valid UTF-8 at line {line}, column {column} (byte {byte})")
        );
    }
}

#[test]
fn nul_bytes_inside_labels_are_text_and_outside_are_errors() {
    let db = parsed("graph TD\nA[\"a\0b\"]-->|\0|B\nC(\"\0\")");
    assert_eq!(db.vertices[0].text, "a\0b");
    assert_eq!(db.edges[0].text(), "\0");
    check("graph TD\nA[a\0b]-->B");

    let text = "graph TD\nA-->B\0\n";
    let errors = rejected(text);
    assert_eq!(errors[0].span, Span::new(14, 15));
    assert!(render_error(NAME, text, 0, &errors[0], false).contains(":2:6"));
    rejected("\0graph TD\nA-->B");
    rejected("graph\0TD\nA-->B");
    rejected("\0");
}

fn to_crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// The whole model as `Debug` shows it, with every span blanked out.
fn model(db: &FlowDb) -> String {
    let full = format!("{db:?}");
    let mut out = String::with_capacity(full.len());
    let mut rest = full.as_str();
    while let Some(k) = rest.find("Span { start: ") {
        out.push_str(&rest[..k]);
        out.push_str("Span");
        let after = &rest[k..];
        rest = &after[after.find(" }").map_or(after.len(), |e| e + 2)..];
    }
    out.push_str(rest);
    out
}

/// What a diagram comes to, positions aside: the model, or each error's message and line
/// and column.
/// Each error's message and its (line, column).
type Located = Vec<(String, (usize, usize))>;

fn summary(text: &str) -> Result<String, Located> {
    match check(text) {
        Outcome::Parsed(db) => Ok(model(&db)),
        Outcome::Rejected(errors) => Err(errors
            .iter()
            .map(|e| {
                (
                    e.message.clone(),
                    line_position(text, e.span.start as usize),
                )
            })
            .collect()),
    }
}

/// Line and column of byte `offset`, every position on a line's terminator (`\n` or `\r\n`)
/// counted as the column just past the line's content.
fn line_position(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let idx = LineIndex::new(text);
    let lc = idx.line_col(text, offset);
    let content = idx.line_span(text, lc.line - 1);
    let width = text[content.range()].chars().count();
    (lc.line, lc.column.min(width + 1))
}

#[test]
fn crlf_files_give_the_same_model_and_errors_as_their_lf_twins() {
    for (name, text) in corpus() {
        let lf = text.replace("\r\n", "\n");
        assert_eq!(summary(&lf), summary(&to_crlf(&lf)), "{name}");
    }
}

#[test]
fn crlf_error_positions_are_right() {
    let lf = "graph TD\n  A-->B\n  B-->C(oops (x))\n  C-->D\n";
    for text in [lf.to_string(), to_crlf(lf), lf.replace('\n', "\r")] {
        let errors = rejected(&text);
        let rendered = render_error(NAME, &text, 0, &errors[0], false);
        if text.contains('\n') {
            assert!(rendered.contains(&format!("{NAME}:3:14")), "{rendered}");
        } else {
            // Mermaid reads a lone CR as a line break, but the line index does not.
            assert!(rendered.contains(&format!("{NAME}:")), "{rendered}");
        }
    }
    // An error at the very end of a CRLF file.
    let text = "graph TD\r\nA-->\r\n";
    let errors = rejected(text);
    assert!(render_error(NAME, text, 0, &errors[0], false).contains(&format!("{NAME}:2:")));
}

#[test]
fn leading_bom_is_skipped_as_mermaid_does() {
    // Mermaid's cleanupComments ends with trimStart(), and JavaScript counts U+FEFF as
    // whitespace, so a BOM before the header is ignored.
    let db = parsed("\u{feff}graph TD\nA-->B");
    assert_eq!(vertex_ids(&db), ["A", "B"]);
    assert_eq!(edge_ends(&db), [("A", "B")]);
    assert_eq!(db.direction, "TB");
    let db = parsed("\u{feff}%% comment\n%%{init: {}}%%\nflowchart LR\nA-->B");
    assert_eq!(db.direction, "LR");
    // The BOM in the middle of a line is whitespace to Mermaid's lexer too; only check it is
    // handled.
    check("graph TD\nA\u{feff}-->B");
    check("\u{feff}---\ntitle: t\n---\ngraph TD\nA-->B");
    check_markdown("\u{feff}```mermaid\n\u{feff}graph TD\nA-->B\n```\n");
}

#[test]
fn empty_and_blank_files_are_a_clean_error() {
    for text in ["", " ", "\n", "\r\n\r\n", "\u{feff}", "\t \n "] {
        let errors = rejected(text);
        assert!(errors[0].message.contains("empty diagram"), "{errors:?}");
    }
}

#[test]
fn a_file_of_only_comments_is_a_clean_error() {
    for text in [
        "%% just a comment",
        "%% one\n%% two\n",
        "%%\n%%\n%%",
        "%%{init: {\"theme\": \"dark\"}}%%\n%% a\n",
        "---\ntitle: only front matter\n---\n%% and a comment\n",
    ] {
        let errors = rejected(text);
        let message = &errors[0].message;
        assert!(
            message.contains("empty diagram") || message.contains("no diagram type"),
            "{text:?}: {errors:?}"
        );
    }
}

#[test]
fn fifty_thousand_statements_on_one_line() {
    let db = parsed(&format!("graph TD\n{}", "A1-->A2;".repeat(50_000)));
    assert_eq!(vertex_ids(&db), ["A1", "A2"]);
    assert_eq!(db.edges.len(), 50_000);
}

#[test]
fn fifty_thousand_links_in_one_chain() {
    let chain: Vec<String> = (0..50_000).map(|i| format!("N{i}")).collect();
    let db = parsed(&format!("graph TD\n{}\n", chain.join("-->")));
    assert_eq!(db.vertices.len(), 50_000);
    assert_eq!(db.edges.len(), 49_999);
    let db = parsed(&format!("graph TD\nA-->{}\n", chain.join(" & ")));
    assert_eq!(db.edges.len(), 50_000);
}

#[test]
fn a_megabyte_of_links_without_targets_is_an_error() {
    let text = format!("graph TD\n{}", "A-->".repeat(1 << 18));
    let errors = rejected(&text);
    assert!(errors.len() <= 51, "{} errors", errors.len());
    // The same on many lines: every line is its own error, up to the error limit.
    let text = format!("graph TD\n{}", "A-->\n".repeat(1 << 18));
    let errors = rejected(&text);
    assert!(errors.len() <= 51, "{} errors", errors.len());
}

#[test]
fn truncated_init_directive_is_handled() {
    for text in [
        "%%{init: ",
        "%%{init: {",
        "%%{init: {\"theme\": \"da",
        "%%{",
        "%%{init",
        "graph TD\n%%{init: ",
        "graph TD\nA-->B\n%%{init: {\"flowchart\": ",
        "%%{init: \ngraph TD\nA-->B",
    ] {
        check(text);
    }
    rejected("%%{init: ");
    // Mermaid's directive pattern needs no closing `}%%` and swallows the header word here.
    rejected("%%{init: \ngraph TD\nA-->B");
}

#[test]
fn unclosed_front_matter_is_a_clean_error() {
    for text in [
        "---\ntitle: x\ngraph TD\nA-->B\n",
        "---\n",
        "---",
        "---\ntitle: [unclosed\n---\ngraph TD\n",
        "---\r\ntitle: x\r\n",
    ] {
        let errors = rejected(text);
        assert!(
            render_error(NAME, text, 0, &errors[0], false).contains(&format!("{NAME}:1:")),
            "{text:?}: {errors:?}"
        );
    }
}

#[test]
fn accdescr_block_never_closed() {
    // Mermaid's lexer hands out the rest of the text as the description and the grammar
    // does not need the closing brace.
    // At the end of the input the lexer's empty-matching rule fires once more, so Mermaid
    // calls setAccDescription a second time, with "".
    let db = parsed("graph TD\naccDescr {\nA-->B\n");
    assert!(db.edges.is_empty());
    assert_eq!(db.acc_descr.as_deref(), Some(""));
    for text in [
        "graph TD\naccDescr {",
        "graph TD\naccDescr {\n",
        "graph TD\naccDescr{ a\n b\nsubgraph X\n",
        "graph TD\nsubgraph X\naccDescr {\nA-->B\nend\n",
        "graph TD\naccTitle",
        "graph TD\naccTitle:",
        "graph TD\naccDescr:",
    ] {
        check(text);
    }
}

#[test]
fn deep_brackets_and_data_do_not_overflow_the_stack() {
    let deep = 100_000;
    for text in [
        format!("graph TD\nA{}", "(".repeat(deep)),
        format!("graph TD\nA{}B", "[".repeat(deep)),
        format!("graph TD\nA@{{ shape: rect, x: {} }}", "[".repeat(deep)),
        format!(
            "graph TD\nA@{{ shape: rect, x: {}{} }}",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
        format!("graph TD\nA@{{ shape: rect, x: {}1 }}", "{a: ".repeat(deep)),
        format!("---\ntitle: {}\n---\ngraph TD\nA", "[".repeat(deep)),
        format!(
            "---\ntitle: {}{}\n---\ngraph TD\nA",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
        format!("%%{{init: {}}}%%\ngraph TD\nA", "{\"a\": ".repeat(deep)),
        format!(
            "%%{{init: {}1{}}}%%\ngraph TD\nA",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
        format!("graph TD\n{}", "subgraph\n".repeat(deep)),
        format!("graph TD\nA-->{}", "|".repeat(deep)),
        format!("graph TD\nA[\"{}\"]", "`".repeat(deep)),
        format!("graph TD\nA[{}]", "<b>".repeat(deep)),
    ] {
        check(&text);
    }
}

#[test]
fn a_long_line_error_renders() {
    let text = format!("graph TD\nA[{}(]-->B", "가".repeat(100_000));
    check(&text);
}

#[test]
fn bad_fixtures_are_rejected_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("fixtures/bad exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "mmd") {
            let text = std::fs::read_to_string(&path).expect("UTF-8 fixture");
            for t in [text.clone(), to_crlf(&text)] {
                assert!(
                    matches!(check(&t), Outcome::Rejected(_)),
                    "{} is accepted",
                    path.display()
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 7, "only {seen} bad fixtures");
}

#[test]
fn error_at_the_end_after_a_multibyte_character_is_on_a_char_boundary() {
    // Regression: the error pointed at the last byte of the text, inside its last character.
    for text in ["graph TD\nA[é", "graph TD\nDev[👨", "graph TD\nA(가"] {
        for e in rejected(text) {
            assert_span(text, e.span, "error");
        }
    }
}

#[test]
fn non_ascii_space_before_a_node_with_a_bad_label_does_not_panic() {
    // Regression: the quoting help for `A-->` NO-BREAK SPACE `B[a(b)]` panicked with "start byte
    // index 5 is not a char boundary; it is inside '\u{a0}' (bytes 4..6) of `A--> B`".
    for space in ['\u{a0}', '\u{2028}', '\u{3000}', '\u{feff}'] {
        let text = format!("graph TD\nA-->{space}B[a(b)]");
        let errors = rejected(&text);
        assert!(errors[0].help.is_some(), "{errors:?}");
    }
}

#[test]
fn a_long_run_of_blanks_is_read_in_linear_time() {
    // Regression: every blank rescanned the rest of the run (`\s*` before arrows), so 128 KiB
    // of spaces took 5 s in a release build and 1 MiB several minutes.
    for text in [
        format!("graph TD\nA{}", " ".repeat(1 << 20)),
        format!("graph TD\n{}", " \n".repeat(1 << 19)),
        format!("graph TD\nsubgraph{}", "\u{a0}".repeat(1 << 19)),
    ] {
        check(&text);
    }
}

#[test]
fn a_long_line_ending_in_direction_is_read_in_linear_time() {
    // Regression: `.*direction\s+XX` was rescanned at every token of the line, so a 128 KiB
    // line took 7 s in a release build; this one is 300 KB.
    check(&format!(
        "graph TD\n{}C[\"direction\"]",
        "A-->B;".repeat(50_000)
    ));
}

#[test]
fn one_line_and_render_error_agree_at_the_end_of_a_file() {
    // Regression: `one_line` said 3:1, the rendered error 2:13.
    let text = "%% only\n%% comments\n";
    let err = &rejected(text)[0];
    let line = one_line(NAME, text, 0, err);
    let location = line.split(": ").next().unwrap();
    let rendered = render_error(NAME, text, 0, err, false);
    assert!(rendered.contains(location), "{line}\n{rendered}");
}

#[test]

fn one_line_and_render_error_agree_at_the_end_of_a_markdown_file() {
    // An unclosed, empty mermaid block at the end: `one_line` says 2:1, the rendered error 1:12.
    let md = "```mermaid\n";
    let block = markdown_mermaid_blocks(md)[0];
    let err = &syntax::parse(&md[block.start..block.end])
        .unwrap_err()
        .errors()[0];
    let line = one_line(NAME, md, block.start, err);
    let location = line.split(": ").next().unwrap();
    let rendered = render_error(NAME, md, block.start, err, false);
    assert!(rendered.contains(location), "{line}\n{rendered}");
}
