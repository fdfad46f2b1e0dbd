//! Turning command-line arguments into source documents and the Mermaid diagrams inside them.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// Display name of a document read from standard input.
pub const STDIN_NAME: &str = "<stdin>";

const BOM: char = '\u{feff}';

/// Why a command-line input could not be turned into a [`Document`].
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file (or standard input) could not be read; the OS error is part of the message.
    #[error("{name}: cannot read: {error}")]
    Read {
        /// Display name of the input.
        name: String,
        /// What the OS reported.
        error: io::Error,
    },
    /// A directory was named; directories are not expanded here.
    #[error("{name}: is a directory")]
    IsDirectory {
        /// Display name of the input.
        name: String,
    },
    /// The input is not valid UTF-8.
    #[error("{name}: not valid UTF-8 at line {line}, column {column} (byte {byte})")]
    InvalidUtf8 {
        /// Display name of the input.
        name: String,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based column, in characters, of the first invalid byte.
        column: usize,
        /// 0-based offset of the first invalid byte.
        byte: usize,
    },
    /// The input is 4 GiB or more: positions in it would not fit the 32-bit offsets of spans.
    #[error("{name}: too large ({len} bytes; topomaid reads inputs below 4 GiB)")]
    TooLarge {
        /// Display name of the input.
        name: String,
        /// Its size in bytes.
        len: usize,
    },
    /// `doc.md#k` names a diagram the file does not have.
    #[error("{name}: no diagram #{index} (the file has {count}; `#1` is the first)")]
    NoSuchDiagram {
        /// The file.
        name: String,
        /// The number asked for.
        index: usize,
        /// How many diagrams the file has.
        count: usize,
    },
}

/// How a document holds its diagrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// The whole document is one diagram.
    Mermaid,
    /// Diagrams are the `mermaid` fenced code blocks of a Markdown document.
    Markdown,
}

/// Byte range of one diagram's text within [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiagramRange {
    /// Offset of the diagram's first byte.
    pub start: usize,
    /// Offset just past the diagram's last byte.
    pub end: usize,
}

/// One source document named on the command line, with the diagrams found in it.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path as the user gave it, or [`STDIN_NAME`].
    pub name: String,
    /// The whole document, including a leading BOM if there was one.
    pub text: String,
    /// Whether the document is a diagram or Markdown.
    pub kind: DocumentKind,
    /// The diagrams, in document order.
    pub diagrams: Vec<DiagramRange>,
    /// Whether `text` starts with a UTF-8 byte order mark.
    pub has_bom: bool,
}

impl Document {
    /// Builds a document and locates its diagrams according to `kind`.
    pub fn from_text(name: impl Into<String>, text: String, kind: DocumentKind) -> Document {
        let diagrams = match kind {
            DocumentKind::Mermaid => vec![DiagramRange {
                start: 0,
                end: text.len(),
            }],
            DocumentKind::Markdown => markdown_mermaid_blocks(&text),
        };
        Document {
            name: name.into(),
            has_bom: text.starts_with(BOM),
            text,
            kind,
            diagrams,
        }
    }

    /// The text of one diagram of this document.
    pub fn diagram_text(&self, r: &DiagramRange) -> &str {
        &self.text[r.start..r.end]
    }
}

/// Markdown for `.md`, `.markdown` and `.mdx` (any letter case), Mermaid for everything else.
pub fn kind_for_path(path: &Path) -> DocumentKind {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ["md", "markdown", "mdx"]
        .iter()
        .any(|m| ext.eq_ignore_ascii_case(m))
    {
        DocumentKind::Markdown
    } else {
        DocumentKind::Mermaid
    }
}

/// Reads a file, or standard input for `-` (as a single diagram).
pub fn read_document(arg: &str) -> Result<Document, InputError> {
    read_document_with(arg, false)
}

/// Like [`read_document`], but standard input is read as Markdown when `stdin_markdown` is set.
pub fn read_document_with(arg: &str, stdin_markdown: bool) -> Result<Document, InputError> {
    if arg == "-" {
        let kind = if stdin_markdown {
            DocumentKind::Markdown
        } else {
            DocumentKind::Mermaid
        };
        return read_from(STDIN_NAME, io::stdin().lock(), kind);
    }
    if let Some((file, k)) = diagram_selector(arg) {
        let mut doc = read_document_with(file, false)?;
        if k == 0 || k > doc.diagrams.len() {
            return Err(InputError::NoSuchDiagram {
                name: file.into(),
                index: k,
                count: doc.diagrams.len(),
            });
        }
        doc.diagrams = vec![doc.diagrams[k - 1]];
        return Ok(doc);
    }
    let path = Path::new(arg);
    let bytes = fs::read(path).map_err(|error| {
        if path.is_dir() {
            InputError::IsDirectory { name: arg.into() }
        } else {
            InputError::Read {
                name: arg.into(),
                error,
            }
        }
    })?;
    let text = decode_utf8(arg, bytes)?;
    Ok(Document::from_text(arg, text, kind_for_path(path)))
}

/// `doc.md#2`: the file and the 1-based number of the diagram to read, when `arg` names no
/// file itself but the part before its last `#` does.
fn diagram_selector(arg: &str) -> Option<(&str, usize)> {
    let (file, k) = arg.rsplit_once('#')?;
    if k.is_empty() || !k.bytes().all(|b| b.is_ascii_digit()) || Path::new(arg).exists() {
        return None;
    }
    Path::new(file)
        .is_file()
        .then(|| (file, k.parse().unwrap_or(0)))
}

/// Reads a whole document of the given kind from `reader`.
pub fn read_from(
    name: &str,
    mut reader: impl Read,
    kind: DocumentKind,
) -> Result<Document, InputError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|error| InputError::Read {
            name: name.into(),
            error,
        })?;
    Ok(Document::from_text(name, decode_utf8(name, bytes)?, kind))
}

/// Converts bytes to text, reporting where the first invalid sequence is; refuses inputs of
/// [`crate::source::MAX_INPUT_LEN`] bytes or more.
pub fn decode_utf8(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    check_size(name, bytes.len())?;
    String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..byte]).unwrap_or_default();
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        InputError::InvalidUtf8 {
            name: name.into(),
            line: valid.matches('\n').count() + 1,
            column: valid[line_start..].chars().count() + 1,
            byte,
        }
    })
}

/// Refuses an input of `len` bytes when positions in it would not fit a [`crate::source::Span`].
fn check_size(name: &str, len: usize) -> Result<(), InputError> {
    if len >= crate::source::MAX_INPUT_LEN {
        return Err(InputError::TooLarge {
            name: name.into(),
            len,
        });
    }
    Ok(())
}

struct Fence {
    ch: u8,
    len: usize,
}

fn indent_trimmed(line: &str) -> &str {
    line.trim_start_matches([' ', '\t'])
}

fn fence_run(rest: &str, ch: u8) -> usize {
    rest.bytes().take_while(|&b| b == ch).count()
}

/// Parses an opening fence, returning it with its info string.
fn opening_fence(line: &str) -> Option<(Fence, &str)> {
    let rest = indent_trimmed(line);
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = fence_run(rest, ch);
    let info = &rest[len..];
    if len < 3 || (ch == b'`' && info.contains('`')) {
        return None;
    }
    Some((Fence { ch, len }, info))
}

fn closes(line: &str, fence: &Fence) -> bool {
    let rest = indent_trimmed(line);
    let len = fence_run(rest, fence.ch);
    len >= fence.len && rest[len..].trim_matches([' ', '\t']).is_empty()
}

/// A fenced `mermaid` block of a Markdown document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MermaidFence {
    /// From the start of the opening fence's line to the end of the closing fence's line (its
    /// line break included), or to the end of the document when the fence is not closed.
    pub block: DiagramRange,
    /// The diagram between the fences.
    pub content: DiagramRange,
}

/// Content ranges of the fenced code blocks whose info string's first word is `mermaid`.
///
/// Follows CommonMark fences loosely: any indentation is accepted (lists nest fences), so
/// indented code blocks and HTML blocks are not recognised. Fences inside blockquotes
/// (`> ```mermaid`) are skipped. An unclosed fence runs to the end of the document.
pub fn markdown_mermaid_blocks(md: &str) -> Vec<DiagramRange> {
    markdown_mermaid_fences(md)
        .into_iter()
        .map(|f| f.content)
        .collect()
}

/// The fenced `mermaid` blocks of a Markdown document, fences included (see
/// [`markdown_mermaid_blocks`] for the rules).
pub fn markdown_mermaid_fences(md: &str) -> Vec<MermaidFence> {
    let mut blocks = Vec::new();
    // The open fence, the start of its line, and the start of its content if it is a mermaid
    // block.
    let mut open: Option<(Fence, usize, Option<usize>)> = None;
    let mut offset = if md.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    for raw in md[offset..].split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        match &open {
            None => {
                if let Some((fence, info)) = opening_fence(line) {
                    let mermaid = info.split_whitespace().next() == Some("mermaid");
                    open = Some((fence, line_start, mermaid.then_some(offset)));
                }
            }
            Some((fence, block_start, start)) => {
                if closes(line, fence) {
                    if let Some(start) = *start {
                        blocks.push(MermaidFence {
                            block: DiagramRange {
                                start: *block_start,
                                end: offset,
                            },
                            content: DiagramRange {
                                start,
                                end: line_start,
                            },
                        });
                    }
                    open = None;
                }
            }
        }
    }
    if let Some((_, block_start, Some(start))) = open {
        blocks.push(MermaidFence {
            block: DiagramRange {
                start: block_start,
                end: md.len(),
            },
            content: DiagramRange {
                start,
                end: md.len(),
            },
        });
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(md: &str) -> Vec<&str> {
        markdown_mermaid_blocks(md)
            .iter()
            .map(|r| &md[r.start..r.end])
            .collect()
    }

    #[test]
    fn backtick_and_tilde_fences() {
        let md = "# T\n```mermaid\ngraph TD\nA-->B\n```\ntext\n~~~mermaid\ngraph LR\n~~~\n";
        assert_eq!(blocks(md), ["graph TD\nA-->B\n", "graph LR\n"]);
    }

    #[test]
    fn closing_fence_must_match_char_and_length() {
        let md = "````mermaid\nA\n```\n~~~~\n`````  \t\nafter\n";
        assert_eq!(blocks(md), ["A\n```\n~~~~\n"]);
    }

    #[test]
    fn closing_fence_allows_only_trailing_blanks() {
        let md = "```mermaid\nA\n``` x\n```\n";
        assert_eq!(blocks(md), ["A\n``` x\n"]);
    }

    #[test]
    fn info_string_first_word_must_be_mermaid() {
        let md = "```mermaidjs\nX\n```\n``` mermaid {.class}\nY\n```\n```Mermaid\nZ\n```\n";
        assert_eq!(blocks(md), ["Y\n"]);
    }

    #[test]
    fn backtick_fence_info_cannot_contain_backticks() {
        assert!(blocks("```mermaid `x`\nA\n```\n").is_empty());
    }

    #[test]
    fn indented_fence_in_list_item_keeps_indentation() {
        let md = "- item\n\n    ```mermaid\n    graph TD\n    ```\n- next\n";
        assert_eq!(blocks(md), ["    graph TD\n"]);
    }

    #[test]
    fn unclosed_fence_runs_to_end() {
        assert_eq!(blocks("```mermaid\ngraph TD\nA"), ["graph TD\nA"]);
        assert_eq!(blocks("text\n```mermaid"), [""]);
    }

    #[test]
    fn crlf_markdown() {
        let md = "a\r\n```mermaid\r\ngraph TD\r\n```\r\nb\r\n";
        assert_eq!(blocks(md), ["graph TD\r\n"]);
    }

    #[test]
    fn mermaid_fence_inside_longer_fence_is_not_a_diagram() {
        let md = "````markdown\n```mermaid\ngraph TD\n```\n````\n```mermaid\nreal\n```\n";
        assert_eq!(blocks(md), ["real\n"]);
    }

    #[test]
    fn blockquote_fences_are_skipped() {
        assert!(blocks("> ```mermaid\n> graph TD\n> ```\n").is_empty());
    }

    #[test]
    fn fences_cover_the_fence_lines() {
        let md = "a\n  ```mermaid x\ngraph TD\n  ```\nb\n```mermaid\nopen";
        let fences: Vec<(&str, &str)> = markdown_mermaid_fences(md)
            .iter()
            .map(|f| {
                (
                    &md[f.block.start..f.block.end],
                    &md[f.content.start..f.content.end],
                )
            })
            .collect();
        assert_eq!(
            fences,
            [
                ("  ```mermaid x\ngraph TD\n  ```\n", "graph TD\n"),
                ("```mermaid\nopen", "open")
            ]
        );
    }

    #[test]
    fn two_blocks_and_empty_block() {
        let md = "```mermaid\n```\n\n```mermaid\ngraph TD\n```\n";
        assert_eq!(blocks(md), ["", "graph TD\n"]);
    }

    #[test]
    fn ranges_point_into_the_original_file() {
        let md = "\u{feff}```mermaid\ngraph TD\n```\n";
        let doc = Document::from_text("a.md", md.into(), DocumentKind::Markdown);
        assert!(doc.has_bom);
        assert_eq!(doc.diagrams, [DiagramRange { start: 14, end: 23 }]);
        assert_eq!(doc.diagram_text(&doc.diagrams[0]), "graph TD\n");
    }

    #[test]
    fn mermaid_document_is_one_diagram_with_bom_kept() {
        let doc = Document::from_text("a.mmd", "\u{feff}graph TD\n".into(), DocumentKind::Mermaid);
        assert!(doc.has_bom);
        assert_eq!(doc.diagram_text(&doc.diagrams[0]), "\u{feff}graph TD\n");
    }

    #[test]
    fn kinds_by_extension() {
        for (p, k) in [
            ("a.md", DocumentKind::Markdown),
            ("a.MARKDOWN", DocumentKind::Markdown),
            ("dir/a.mdx", DocumentKind::Markdown),
            ("a.mmd", DocumentKind::Mermaid),
            ("a.mermaid", DocumentKind::Mermaid),
            ("README", DocumentKind::Mermaid),
        ] {
            assert_eq!(kind_for_path(Path::new(p)), k, "{p}");
        }
    }

    #[test]
    fn invalid_utf8_position() {
        let err = decode_utf8("x.mmd", b"graph TD\n  \xc3\xa9\xff-->B".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.mmd: not valid UTF-8 at line 2, column 4 (byte 13)"
        );
        let err = decode_utf8("y", vec![0x80]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "y: not valid UTF-8 at line 1, column 1 (byte 0)"
        );
    }

    #[test]
    fn nul_bytes_are_allowed() {
        assert_eq!(decode_utf8("x", b"a\0b".to_vec()).unwrap(), "a\0b");
    }

    #[test]
    fn reader_as_markdown_or_mermaid() {
        let md = "```mermaid\nA\n```\n";
        let doc = read_from(STDIN_NAME, md.as_bytes(), DocumentKind::Markdown).unwrap();
        assert_eq!(doc.name, "<stdin>");
        assert_eq!(doc.diagram_text(&doc.diagrams[0]), "A\n");
        let doc = read_from(STDIN_NAME, md.as_bytes(), DocumentKind::Mermaid).unwrap();
        assert_eq!(doc.diagram_text(&doc.diagrams[0]), md);
    }

    #[test]
    fn inputs_of_4_gib_or_more_are_refused() {
        let max = crate::source::MAX_INPUT_LEN;
        assert!(check_size("big.mmd", max - 1).is_ok());
        let err = check_size("big.mmd", max).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("big.mmd: too large ({max} bytes; topomaid reads inputs below 4 GiB)")
        );
    }

    #[test]
    fn reads_files_and_reports_errors() {
        let dir = std::env::temp_dir().join(format!("topomaid-input-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let md = dir.join("doc.md");
        fs::write(&md, "```mermaid\nA\n```\n```mermaid\nB\n```\n").unwrap();
        let doc = read_document(md.to_str().unwrap()).unwrap();
        assert_eq!(doc.kind, DocumentKind::Markdown);
        assert_eq!(doc.name, md.to_str().unwrap());
        assert_eq!(doc.diagrams.len(), 2);

        let missing = dir.join("missing.mmd");
        let missing = missing.to_str().unwrap();
        let err = read_document(missing).unwrap_err();
        assert!(
            matches!(&err, InputError::Read { error, .. } if error.kind() == io::ErrorKind::NotFound)
        );
        assert!(
            err.to_string()
                .starts_with(&format!("{missing}: cannot read: "))
        );

        let err = read_document(dir.to_str().unwrap()).unwrap_err();
        assert!(matches!(err, InputError::IsDirectory { .. }));
        fs::remove_dir_all(&dir).unwrap();
    }
}
