//! The canonical text of a parsed flowchart: front matter, directives and header first, one
//! statement per line indented by subgraph depth, comments and blank-line groups where they
//! were, one spelling for each arrow and label (see docs/formatting.md).

use std::cell::RefCell;
use std::fmt::Write;

use super::label::{self, QuoteStyle};
use crate::source::{LineIndex, Span};
use crate::syntax::ast::*;
use crate::syntax::parser::decode_entity_placeholders;
use crate::syntax::preprocess;
use crate::syntax::shared_text::SharedText;

/// One level of indentation.
const INDENT: &str = "    ";

/// Prints `chart`, parsed from `src`, in the canonical style (lines end with `\n`).
pub(crate) fn print(src: &str, chart: &Flowchart, quote_style: QuoteStyle) -> String {
    let index = LineIndex::new(src);
    let mut p = Printer {
        suppressed_lines: suppressed_lines(src, &index, &chart.comments),
        index,
        src,
        comments: &chart.comments,
        next_comment: 0,
        out: String::with_capacity(src.len() + src.len() / 8),
        last_end: 0,
        block_start: true,
        last_line_is_statement: false,
        verbatim_lines: RefCell::new(Vec::new()),
        quote_style,
    };
    if let Some(fm) = &chart.front_matter {
        p.line(0, &p.verbatim(fm.span));
        p.last_end = fm.span.end as usize;
    }
    // A directive without its closing `}%%` runs to the end of the text, so it stays last.
    let (closed, open): (Vec<_>, Vec<_>) = chart
        .directives
        .iter()
        .partition(|d| d.text.trim_end().ends_with("}%%"));
    for d in closed {
        // A directive inside a statement's text (a quoted label or node data over several
        // lines) is printed with that text, not again here.
        if !inside_statement(&chart.statements, d.span) {
            p.line(0, &p.verbatim(d.span));
        }
    }
    p.comments_before(chart.header.span.start as usize, 0);
    let mut header = keyword(chart.header.keyword).to_string();
    if let Some(dir) = &chart.header.direction {
        header.push(' ');
        header.push_str(dir.value.trim());
    }
    p.line(0, &header);
    p.last_end = chart.header.span.end as usize;
    p.block_start = false;
    p.block(&chart.statements, 1);
    p.comments_before(src.len() + 1, 1);
    for d in open {
        p.line(0, &p.verbatim(d.span));
    }
    p.out
}

/// Whether `span` lies inside a statement other than a subgraph (whose body is searched).
fn inside_statement(statements: &[Statement], span: Span) -> bool {
    statements.iter().any(|s| match s {
        Statement::Subgraph(sg) => inside_statement(&sg.body, span),
        s => s.span().start <= span.start && span.end <= s.span().end,
    })
}

/// A line whose own text would lose its last `;` to Mermaid's `style`/`classDef` rule
/// (`accTitle: use style A fill:#f00; here;`, or statements joined on one line) gets a `;`
/// for the rule to take.
fn keep_semicolons(mut line: String) -> String {
    if preprocess::line_loses_semicolon(&line) {
        line.push(';');
    }
    line
}

fn keyword(k: HeaderKeyword) -> &'static str {
    match k {
        HeaderKeyword::Graph => "graph",
        HeaderKeyword::Flowchart => "flowchart",
        HeaderKeyword::FlowchartElk => "flowchart-elk",
        HeaderKeyword::SwimlaneBeta => "swimlane-beta",
    }
}

struct Printer<'a> {
    src: &'a str,
    index: LineIndex,
    /// Source lines that a `%% topomaid-ignore` comment applies to, in order.
    suppressed_lines: Vec<usize>,
    comments: &'a [Comment],
    next_comment: usize,
    out: String,
    /// Where, in the source, the last printed item ended.
    last_end: usize,
    /// Whether nothing has been printed yet in the current block (no blank line goes there).
    block_start: bool,
    /// Whether the last line printed is a statement (not a comment, `subgraph` or `end`).
    last_line_is_statement: bool,
    /// Source ranges over several lines that were printed as written.
    verbatim_lines: RefCell<Vec<Span>>,
    /// When labels are quoted.
    quote_style: QuoteStyle,
}

impl Printer<'_> {
    /// Source text as written, with line breaks as `\n`. Comment lines inside it stay part of
    /// it (they are not printed again).
    fn verbatim(&self, span: Span) -> String {
        let s = self.src.get(span.range()).unwrap_or("").trim();
        // A lone CR ends a line too (comment lines inside are part of the text as written).
        if s.contains(['\n', '\r']) {
            self.verbatim_lines.borrow_mut().push(span);
        }
        if s.contains('\r') {
            s.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            s.to_string()
        }
    }

    fn line(&mut self, depth: usize, text: &str) {
        self.last_line_is_statement = false;
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A blank line before the item starting at `start` when the source had one there.
    fn blank_before(&mut self, start: usize) {
        if !self.block_start
            && start > self.last_end
            && blank_line_in(&self.src[self.last_end..start])
        {
            self.out.push('\n');
        }
        self.block_start = false;
    }

    /// Prints the comments that start before `pos`.
    fn comments_before(&mut self, pos: usize, depth: usize) {
        while let Some(c) = self.comments.get(self.next_comment) {
            if c.span.start as usize >= pos {
                break;
            }
            self.next_comment += 1;
            let inside_verbatim = self
                .verbatim_lines
                .borrow()
                .iter()
                .any(|v| v.start <= c.span.start && c.span.end <= v.end);
            if c.text.trim().is_empty() || inside_verbatim {
                continue;
            }
            self.blank_before(c.span.start as usize);
            self.line(depth, &format!("%%{}", c.text.trim_end()));
            self.last_end = self.last_end.max(c.span.end as usize);
        }
    }

    fn block(&mut self, statements: &[Statement], depth: usize) {
        let mut i = 0;
        while let Some(s) = statements.get(i) {
            let span = s.span();
            i += 1;
            self.comments_before(span.start as usize, depth);
            if let Statement::AccDescr(t) = s
                && decode_entity_placeholders(t.value.trim()).is_empty()
            {
                // An empty description (an `accDescr{` left open) is none to Mermaid, and no
                // written form of it reads back as a statement: it goes.
                self.last_end = self.last_end.max(span.end as usize);
                continue;
            }
            if let Statement::Subgraph(sg) = s {
                self.blank_before(span.start as usize);
                self.subgraph(sg, depth);
                self.last_end = self.last_end.max(span.end as usize);
                continue;
            }
            let mut text = self.statement(s, depth);
            // A line a suppression applies to stays one line: split, the statements after the
            // first would leave the suppression's reach.
            let line = self.index.line_of(span.start as usize);
            if self.suppressed_lines.binary_search(&line).is_ok() {
                while let Some(next) = statements.get(i) {
                    let on_line = self.index.line_of(next.span().start as usize) == line;
                    if !on_line || matches!(next, Statement::Subgraph(_)) {
                        break;
                    }
                    text.push_str("; ");
                    text.push_str(&self.statement(next, depth));
                    self.last_end = self.last_end.max(next.span().end as usize);
                    i += 1;
                }
                text = keep_semicolons(text);
            }
            if text.starts_with("%%") && self.last_line_is_statement {
                // On a line of its own this node would be read as a comment; it was on the
                // previous statement's line (or it would be a comment), so it stays there.
                self.out.pop();
                self.out.push_str("; ");
                self.out.push_str(&text);
                let line_start = self.out.rfind('\n').map_or(0, |k| k + 1);
                if preprocess::line_loses_semicolon(&self.out[line_start..]) {
                    self.out.push(';');
                }
                self.out.push('\n');
            } else {
                self.blank_before(span.start as usize);
                self.line(depth, &text);
            }
            self.last_line_is_statement = true;
            self.last_end = self.last_end.max(span.end as usize);
        }
    }

    fn subgraph(&mut self, sg: &Subgraph, depth: usize) {
        let (line, header_end) = self.subgraph_header(sg);
        self.line(depth, &line);
        self.last_end = header_end;
        self.block_start = true;
        self.block(&sg.body, depth + 1);
        let end_kw = (sg.span.end as usize).saturating_sub("end".len());
        self.comments_before(end_kw, depth + 1);
        self.line(depth, "end");
        self.last_end = sg.span.end as usize;
        self.block_start = false;
    }

    /// `subgraph head [title]` and where it ends in the source.
    fn subgraph_header(&self, sg: &Subgraph) -> (String, usize) {
        let mut line = String::from("subgraph");
        let mut end = sg.span.start as usize + "subgraph".len();
        if let Some(head) = &sg.head {
            line.push(' ');
            line.push_str(&self.subgraph_head(head, sg));
            end = head.span.end as usize;
        }
        if let Some(title) = &sg.title {
            let close = self.src[title.span.end as usize..]
                .find(']')
                .map_or(title.span.end as usize, |k| title.span.end as usize + k + 1);
            match label::spelled(title, self.quote_style) {
                Some(t) => {
                    line.push_str(" [");
                    line.push_str(&t);
                    line.push(']');
                }
                None => {
                    line = self.verbatim(Span::new(sg.span.start as usize, close));
                }
            }
            end = close;
        }
        (line, end)
    }

    /// The subgraph's id (or title serving as id), quoted as it was written: the exact text
    /// decides the id. Without a title, whitespace around it is kept too, in quotes, since it
    /// makes Mermaid number the subgraph instead; before a title, Mermaid trims it. A head put
    /// together from several pieces (`"a" b`, or a string running over lines) is kept as
    /// written.
    fn subgraph_head(&self, head: &Label, sg: &Subgraph) -> String {
        let titled = sg.title.is_some();
        let span = head.span;
        let raw = self.src.get(span.range()).unwrap_or("");
        let open = self.src[..span.start as usize].ends_with('"');
        let close = self.src[span.end as usize..].starts_with('"');
        match head.kind {
            _ if raw != head.text => {}
            LabelKind::Markdown => return format!("\"`{}`\"", head.text),
            _ if open && close => return format!("\"{}\"", head.text),
            _ if open || close => {}
            _ if titled => return label::trimmed(&head.text).to_string(),
            _ if label::trimmed(&head.text) != head.text => {
                if let Some(q) = label::quoted(&head.text) {
                    return q;
                }
            }
            _ => return head.text.to_string(),
        }
        let keyword_end = sg.span.start as usize + "subgraph".len();
        self.verbatim(Span::new(
            keyword_end,
            span.end as usize + usize::from(close),
        ))
    }

    fn statement(&self, s: &Statement, depth: usize) -> String {
        match s {
            Statement::Vertex(v) => self.vertex_statement(v),
            // Printed as blocks by `subgraph`; never reached.
            Statement::Subgraph(sg) => self.verbatim(sg.span),
            Statement::Direction(d) => format!("direction {}", d.direction),
            Statement::ClassDef(c) => format!(
                "classDef {} {}",
                self.verbatim(c.names.span),
                self.styles(&c.styles)
            ),
            Statement::Class(c) => format!(
                "class {} {}",
                self.verbatim(c.ids.span),
                self.verbatim(c.class.span)
            ),
            Statement::Style(st) => format!(
                "style {} {}",
                self.verbatim(st.id.span),
                self.styles(&st.styles)
            ),
            Statement::LinkStyle(ls) => self.link_style(ls),
            Statement::Click(c) => self.click(c),
            Statement::AccTitle(t) => {
                let v = decode_entity_placeholders(t.value.trim());
                if v.is_empty() {
                    "accTitle:".to_string()
                } else {
                    keep_semicolons(format!("accTitle: {v}"))
                }
            }
            Statement::AccDescr(t) => {
                let v = decode_entity_placeholders(t.value.trim());
                if v.contains('\n') || v.is_empty() {
                    // Only the first line moves: the others are part of the text as written.
                    let inner = INDENT.repeat(depth + 1);
                    let outer = INDENT.repeat(depth);
                    format!("accDescr {{\n{inner}{v}\n{outer}}}")
                } else {
                    keep_semicolons(format!("accDescr: {v}"))
                }
            }
            Statement::Empty(_) => ";".to_string(),
        }
    }

    /// `click` and the rest of the statement as written. The statement's span starts at the
    /// node id and leaves out the closing quote or parentheses that end it.
    fn click(&self, c: &Click) -> String {
        let rest = &self.src[c.span.end as usize..];
        let tail = rest.len() - rest.trim_start_matches(['"', '(', ')']).len();
        format!(
            "click {}",
            self.verbatim(Span::new(c.span.start as usize, c.span.end as usize + tail))
        )
    }

    /// Style declarations as written, joined by commas.
    fn styles(&self, styles: &[Spanned<SharedText>]) -> String {
        let mut out = String::new();
        for (i, s) in styles.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&self.style_text(s));
        }
        out
    }

    /// A style as written, unless preprocessing removed something inside it: Mermaid drops the
    /// last `;` of a line that starts with `style` or `classDef` and has `:…#` before it, and
    /// that `;` may sit in a later statement of the same line (`style A …; linkStyle 0
    /// stroke:#ff3;`). On a line of its own the `;` would no longer be dropped, so the text
    /// the parser read is printed instead.
    fn style_text(&self, s: &Spanned<SharedText>) -> String {
        let written = self.src.get(s.span.range()).unwrap_or(&s.value);
        let read = decode_entity_placeholders(&s.value);
        if written.trim() == read.trim() {
            written.to_string()
        } else {
            read
        }
    }

    fn link_style(&self, ls: &LinkStyle) -> String {
        let mut out = String::from("linkStyle ");
        match &ls.target {
            LinkStyleTarget::Default => out.push_str("default"),
            LinkStyleTarget::Indices(ix) => {
                let ix: Vec<String> = ix.iter().map(|i| self.verbatim(i.span)).collect();
                out.push_str(&ix.join(","));
            }
        }
        if let Some(curve) = &ls.interpolate {
            let _ = write!(out, " interpolate {}", self.verbatim(curve.span));
        }
        if !ls.styles.is_empty() {
            out.push(' ');
            out.push_str(&self.styles(&ls.styles));
        }
        out
    }

    fn vertex_statement(&self, v: &VertexStatement) -> String {
        let mut out = self.group(&v.first);
        for (link, group) in &v.chain {
            out.push(' ');
            out.push_str(&self.link(link));
            out.push(' ');
            out.push_str(&self.group(group));
        }
        out
    }

    fn group(&self, group: &[NodeRef]) -> String {
        let nodes: Vec<String> = group.iter().map(|n| self.node(n)).collect();
        nodes.join(" & ")
    }

    fn node(&self, n: &NodeRef) -> String {
        let mut out = self.node_id(&n.id);
        if let Some(shape) = &n.shape {
            match label::spelled(&shape.label, self.quote_style) {
                Some(text) => {
                    let (open, close) = brackets(shape.shape);
                    out.push_str(open);
                    if let Some((field, value)) = shape.props.as_deref() {
                        let _ = write!(out, "{field}:{value}|");
                    }
                    out.push_str(&text);
                    out.push_str(close);
                }
                None => out.push_str(&self.verbatim(shape.span)),
            }
        }
        if let Some(class) = &n.class {
            out.push_str(":::");
            out.push_str(&self.verbatim(class.span));
        }
        if let Some(data) = &n.data {
            out.push_str(&self.verbatim(data.span));
        }
        out
    }

    /// A node id as written, unless preprocessing took a `;` out of it: Mermaid drops the last
    /// `;` of a `style`/`classDef` line with `:…#` in it, and when that `;` sits between the
    /// letters of a later statement on the same line (`classDef e :#,d;e;r` has the node `er`),
    /// the id written on a line of its own would be two nodes. The id the parser read is
    /// printed instead.
    fn node_id(&self, id: &Spanned<Name>) -> String {
        let written = self.verbatim(id.span);
        if written != id.value.as_str()
            && written.contains(';')
            && written.chars().filter(|&c| c != ';').eq(id.value.chars())
        {
            id.value.to_string()
        } else {
            written
        }
    }

    fn link(&self, link: &Link) -> String {
        let Some(arrow) = arrow(link.arrow, link.stroke, link.length) else {
            return self.verbatim(link.span);
        };
        let mut out = String::new();
        if let Some(id) = &link.id {
            out.push_str(&self.verbatim(id.span));
            out.push('@');
        }
        out.push_str(&arrow);
        if let Some(text) = &link.text {
            match label::spelled(text, self.quote_style) {
                Some(t) => {
                    out.push('|');
                    out.push_str(&t);
                    out.push('|');
                }
                None => return self.verbatim(link.span),
            }
        }
        out
    }
}

/// The lines that `%% topomaid-ignore` comments apply to: for each, the next line that is
/// neither blank nor a `%%` line (as `lint::suppress` finds them).
fn suppressed_lines(src: &str, index: &LineIndex, comments: &[Comment]) -> Vec<usize> {
    let is_suppression = |c: &Comment| c.text.trim_start().starts_with("topomaid-ignore");
    if !comments.iter().any(is_suppression) {
        return Vec::new();
    }
    let lines: Vec<&str> = src.split('\n').collect();
    let mut out: Vec<usize> = comments
        .iter()
        .filter(|c| is_suppression(c))
        .filter_map(|c| {
            let from = index.line_of(c.span.start as usize) + 1;
            (from..lines.len()).find(|&l| {
                let t = lines[l].trim();
                !t.is_empty() && !t.starts_with("%%")
            })
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether the text between two items holds a blank line.
fn blank_line_in(gap: &str) -> bool {
    let mut lines = gap.split('\n');
    lines.next();
    let mut middle: Vec<&str> = lines.collect();
    middle.pop();
    middle.iter().any(|l| l.trim().is_empty())
}

/// The opening and closing brackets of a shape.
fn brackets(shape: Shape) -> (&'static str, &'static str) {
    match shape {
        Shape::Square => ("[", "]"),
        Shape::Round => ("(", ")"),
        Shape::Circle => ("((", "))"),
        Shape::Doublecircle => ("(((", ")))"),
        Shape::Ellipse => ("(-", "-)"),
        Shape::Stadium => ("([", "])"),
        Shape::Subroutine => ("[[", "]]"),
        Shape::Cylinder => ("[(", ")]"),
        Shape::Diamond => ("{", "}"),
        Shape::Hexagon => ("{{", "}}"),
        Shape::Odd => (">", "]"),
        Shape::Trapezoid => ("[/", "\\]"),
        Shape::InvTrapezoid => ("[\\", "/]"),
        Shape::LeanRight => ("[/", "/]"),
        Shape::LeanLeft => ("[\\", "\\]"),
        Shape::Rect => ("[|", "]"),
    }
}

/// The one spelling of an arrow: `-->`, `---`, `==>`, `-.->`, `~~~`, … with one extra `-`,
/// `=`, `.` or `~` per unit of length; `None` for the mismatched text arrows Mermaid calls
/// `INVALID`, which are kept as written.
fn arrow(arrow: ArrowType, stroke: Stroke, length: usize) -> Option<String> {
    let (start, head) = match arrow {
        ArrowType::ArrowPoint => ("", ">"),
        ArrowType::ArrowOpen => ("", ""),
        ArrowType::ArrowCross => ("", "x"),
        ArrowType::ArrowCircle => ("", "o"),
        ArrowType::DoubleArrowPoint => ("<", ">"),
        ArrowType::DoubleArrowCross => ("x", "x"),
        ArrowType::DoubleArrowCircle => ("o", "o"),
        ArrowType::Invalid => return None,
    };
    if length == 0 {
        return None;
    }
    let open = head.is_empty();
    let body = match stroke {
        Stroke::Normal => "-".repeat(length + 1 + usize::from(open)),
        Stroke::Thick => "=".repeat(length + 1 + usize::from(open)),
        Stroke::Dotted => format!("-{}-", ".".repeat(length)),
        Stroke::Invisible if open && start.is_empty() => "~".repeat(length + 2),
        Stroke::Invisible | Stroke::Invalid => return None,
    };
    Some(format!("{start}{body}{head}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parser::destruct_end_link;

    #[test]
    fn a_semicolon_dropped_for_an_earlier_statement_stays_dropped() {
        let text = "graph TD\n  A --> A\n  style A fill:#bbf, stroke-width:2px;  linkStyle 0 stroke:#ff3;  \n";
        let printed = crate::fmt::format_diagram(text).expect("formats");
        assert!(
            printed.contains("\n    linkStyle 0 stroke:#ff3  \n"),
            "{printed}"
        );
        assert!(
            printed.contains("\n    style A fill:#bbf, stroke-width:2px\n"),
            "{printed}"
        );
    }

    #[test]
    fn a_directive_left_open_stays_after_the_header() {
        let printed = crate::fmt::format_diagram("graph TD\n  %% %%{\n\n  A\n").expect("formats");
        assert!(printed.starts_with("graph TD\n"), "{printed}");
        assert!(printed.ends_with("%%{\n\n  A\n"), "{printed}");
    }

    #[test]
    fn a_text_that_looks_like_a_style_keeps_its_semicolons() {
        let text = "graph TD\n  accTitle: a;  style A fill:#bbf, x: 5;  A --> A[#quot;]\n";
        let printed = crate::fmt::format_diagram(text).expect("formats");
        assert!(
            printed.contains("  accTitle: a;  style A fill:#bbf, x: 5;  A --> A[#quot];\n"),
            "{printed}"
        );
    }

    #[test]
    fn a_percent_node_after_a_style_keeps_the_style_semicolon() {
        let text = "graph TD\n  style A fill:#bbf, stroke-dasharray: 5 5;  %% ;\n";
        let printed = crate::fmt::format_diagram(text).expect("formats");
        assert!(printed.contains("5 5; %%;\n"), "{printed}");
    }

    #[test]
    fn arrows_read_back_as_themselves() {
        let arrows = [
            ArrowType::ArrowPoint,
            ArrowType::ArrowOpen,
            ArrowType::ArrowCross,
            ArrowType::ArrowCircle,
            ArrowType::DoubleArrowPoint,
            ArrowType::DoubleArrowCross,
            ArrowType::DoubleArrowCircle,
        ];
        for a in arrows {
            for s in [Stroke::Normal, Stroke::Thick, Stroke::Dotted] {
                for len in 1..5 {
                    let text = arrow(a, s, len).expect("printable");
                    assert_eq!(destruct_end_link(&text), (a, s, len), "{text}");
                }
            }
        }
        assert_eq!(
            arrow(ArrowType::ArrowOpen, Stroke::Invisible, 2).as_deref(),
            Some("~~~~")
        );
        assert_eq!(arrow(ArrowType::Invalid, Stroke::Invalid, 1), None);
    }

    #[test]
    fn blank_lines_are_found_between_items() {
        assert!(blank_line_in("\n\n    "));
        assert!(blank_line_in(" \n \t \n"));
        assert!(!blank_line_in("\n    "));
        assert!(!blank_line_in("; "));
    }
}
