//! The shape names Mermaid accepts in `@{ shape: … }`.

/// Every name (short name, alias or internal alias) Mermaid 11 knows as a node shape.
pub const SHAPE_NAMES: &[&str] = &[
    // Undocumented shapes.
    "state",
    "choice",
    "note",
    "rectWithTitle",
    "labelRect",
    "iconSquare",
    "iconCircle",
    "icon",
    "iconRounded",
    "imageSquare",
    "anchor",
    "kanbanItem",
    "mindmapCircle",
    "defaultMindmapNode",
    "classBox",
    "erBox",
    "requirementBox",
    // Documented shapes with their aliases.
    "rect",
    "proc",
    "process",
    "rectangle",
    "squareRect",
    "rounded",
    "event",
    "roundedRect",
    "stadium",
    "terminal",
    "pill",
    "fr-rect",
    "subprocess",
    "subproc",
    "framed-rectangle",
    "subroutine",
    "cyl",
    "db",
    "database",
    "cylinder",
    "datastore",
    "data-store",
    "circle",
    "circ",
    "bang",
    "cloud",
    "diam",
    "decision",
    "diamond",
    "question",
    "hex",
    "hexagon",
    "prepare",
    "lean-r",
    "lean-right",
    "in-out",
    "lean_right",
    "lean-l",
    "lean-left",
    "out-in",
    "lean_left",
    "trap-b",
    "priority",
    "trapezoid-bottom",
    "trapezoid",
    "trap-t",
    "manual",
    "trapezoid-top",
    "inv-trapezoid",
    "inv_trapezoid",
    "dbl-circ",
    "double-circle",
    "doublecircle",
    "text",
    "notch-rect",
    "card",
    "notched-rectangle",
    "lin-rect",
    "lined-rectangle",
    "lined-process",
    "lin-proc",
    "shaded-process",
    "sm-circ",
    "start",
    "small-circle",
    "stateStart",
    "fr-circ",
    "stop",
    "framed-circle",
    "stateEnd",
    "fork",
    "join",
    "forkJoin",
    "hourglass",
    "collate",
    "brace",
    "comment",
    "brace-l",
    "brace-r",
    "braces",
    "bolt",
    "com-link",
    "lightning-bolt",
    "doc",
    "document",
    "delay",
    "half-rounded-rectangle",
    "h-cyl",
    "das",
    "horizontal-cylinder",
    "lin-cyl",
    "disk",
    "lined-cylinder",
    "curv-trap",
    "curved-trapezoid",
    "display",
    "div-rect",
    "div-proc",
    "divided-rectangle",
    "divided-process",
    "tri",
    "extract",
    "triangle",
    "win-pane",
    "internal-storage",
    "window-pane",
    "f-circ",
    "junction",
    "filled-circle",
    "notch-pent",
    "loop-limit",
    "notched-pentagon",
    "flip-tri",
    "manual-file",
    "flipped-triangle",
    "sl-rect",
    "manual-input",
    "sloped-rectangle",
    "docs",
    "documents",
    "st-doc",
    "stacked-document",
    "st-rect",
    "procs",
    "processes",
    "stacked-rectangle",
    "bow-rect",
    "stored-data",
    "bow-tie-rectangle",
    "cross-circ",
    "summary",
    "crossed-circle",
    "tag-doc",
    "tagged-document",
    "tag-rect",
    "tagged-rectangle",
    "tag-proc",
    "tagged-process",
    "flag",
    "paper-tape",
    "odd",
    "rect_left_inv_arrow",
    "lin-doc",
    "lined-document",
];

/// Why a shape name is refused, in Mermaid's words; `None` when Mermaid accepts it.
pub fn shape_error(name: &str) -> Option<String> {
    if name != name.to_lowercase() || name.contains('_') {
        Some(format!(
            "No such shape: {name}. Shape names should be lowercase."
        ))
    } else if !SHAPE_NAMES.contains(&name) {
        Some(format!("No such shape: {name}."))
    } else {
        None
    }
}

/// The known shape name closest to `name` (by edit distance), when one is close enough to be a
/// likely typo.
pub fn closest_shape(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase().replace('_', "-");
    SHAPE_NAMES
        .iter()
        .filter(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .map(|s| (edit_distance(&lower, s), *s))
        .filter(|&(d, s)| d <= 2.max(s.len() / 3))
        .min()
        .map(|(_, s)| s)
}

/// Levenshtein distance between two short strings (also for the did-you-mean of rule ids).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The geometries a shape name stands for; several Mermaid names share one (the renderer
/// draws each, `duplicate-node` compares them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Rectangle (`[ ]`, `rect`, `proc`, …).
    Rect,
    /// Rounded rectangle (`( )`, `rounded`, `event`).
    Rounded,
    /// Pill (`([ ])`, `stadium`, `terminal`).
    Stadium,
    /// Rectangle with double side bars (`[[ ]]`, `subroutine`, `fr-rect`).
    Subroutine,
    /// Vertical cylinder (`[( )]`, `cyl`, `db`).
    Cylinder,
    /// Horizontal cylinder (`h-cyl`, `das`).
    HorizontalCylinder,
    /// Cylinder with a second rim line (`lin-cyl`, `disk`).
    LinedCylinder,
    /// Circle (`(( ))`, `circle`).
    Circle,
    /// Two concentric circles (`((( )))`, `dbl-circ`).
    DoubleCircle,
    /// Small filled start dot (`sm-circ`, `start`).
    SmallCircle,
    /// Small ring with a dot (`fr-circ`, `stop`).
    FramedCircle,
    /// Small filled junction (`f-circ`, `junction`).
    FilledCircle,
    /// Circle with an X (`cross-circ`, `summary`).
    CrossedCircle,
    /// Ellipse (`(- -)`).
    Ellipse,
    /// Diamond (`{ }`, `diam`, `decision`).
    Diamond,
    /// Hexagon (`{{ }}`, `hex`, `prepare`).
    Hexagon,
    /// Leaning right (`[/ /]`, `lean-r`, `in-out`).
    LeanRight,
    /// Leaning left (`[\ \]`, `lean-l`, `out-in`).
    LeanLeft,
    /// Trapezoid wide at the bottom (`[/ \]`, `trap-b`, `priority`).
    Trapezoid,
    /// Trapezoid wide at the top (`[\ /]`, `trap-t`, `manual`).
    InvTrapezoid,
    /// Flag pointing left into the box (`> ]`, `odd`).
    Odd,
    /// Text only, no outline (`text`).
    Text,
    /// Rectangle with a cut corner (`notch-rect`, `card`).
    Card,
    /// Rectangle with a line down its left side (`lin-rect`, `lin-proc`).
    LinedRect,
    /// Rectangle with a line under its top (`div-rect`, `div-proc`).
    DividedRect,
    /// Rectangle with lines under its top and along its left (`win-pane`).
    WindowPane,
    /// Wavy-bottomed document (`doc`, `document`).
    Document,
    /// Document with a line down its left (`lin-doc`).
    LinedDocument,
    /// Stacked documents (`docs`, `st-doc`).
    StackedDocument,
    /// Document with a folded corner (`tag-doc`).
    TaggedDocument,
    /// Stacked rectangles (`st-rect`, `procs`).
    StackedRect,
    /// Rectangle with a folded corner (`tag-rect`, `tag-proc`).
    TaggedRect,
    /// Rectangle rounded on its right (`delay`).
    Delay,
    /// Display: pointed left, rounded right (`curv-trap`, `display`).
    Display,
    /// Triangle pointing up (`tri`, `extract`).
    Triangle,
    /// Triangle pointing down (`flip-tri`, `manual-file`).
    FlippedTriangle,
    /// Pentagon with cut top corners (`notch-pent`, `loop-limit`).
    NotchedPentagon,
    /// Rectangle with a sloped top (`sl-rect`, `manual-input`).
    SlopedRect,
    /// Bow-tie rectangle: concave left, convex right (`bow-rect`, `stored-data`).
    BowTieRect,
    /// Wavy top and bottom (`flag`, `paper-tape`).
    Flag,
    /// Two triangles meeting at a point (`hourglass`, `collate`).
    Hourglass,
    /// Fork or join bar (`fork`, `join`).
    ForkBar,
    /// A brace on the left of the text (`brace`, `comment`).
    BraceLeft,
    /// A brace on the right (`brace-r`).
    BraceRight,
    /// Braces on both sides (`braces`).
    Braces,
    /// Lightning bolt (`bolt`, `com-link`).
    Bolt,
    /// Cloud (`cloud`).
    Cloud,
    /// Bang: a spiky burst (`bang`).
    Bang,
}

/// Every bracket shape of the classic syntax (as [`crate::syntax::ast::Shape::mermaid_name`]
/// spells it) and every `@{ shape: … }` name, for tests.
pub const ALL_NAMES: &[&str] = &[
    "square",
    "round",
    "circle",
    "doublecircle",
    "ellipse",
    "stadium",
    "subroutine",
    "cylinder",
    "diamond",
    "hexagon",
    "odd",
    "trapezoid",
    "inv_trapezoid",
    "lean_right",
    "lean_left",
    "rect",
];

impl Shape {
    /// The geometry for a Mermaid shape name (bracket shape or `@{ shape: … }` name or alias);
    /// unknown names are rectangles.
    pub fn from_name(name: &str) -> Shape {
        use Shape::*;
        match name {
            "round" | "rounded" | "event" | "roundedRect" | "iconRounded" | "kanbanItem" => Rounded,
            "stadium" | "terminal" | "pill" => Stadium,
            "subroutine" | "fr-rect" | "subprocess" | "subproc" | "framed-rectangle" => Subroutine,
            "cylinder" | "cyl" | "db" | "database" | "datastore" | "data-store" => Cylinder,
            "h-cyl" | "das" | "horizontal-cylinder" => HorizontalCylinder,
            "lin-cyl" | "disk" | "lined-cylinder" => LinedCylinder,
            "circle" | "circ" | "mindmapCircle" | "iconCircle" => Circle,
            "doublecircle" | "dbl-circ" | "double-circle" => DoubleCircle,
            "sm-circ" | "start" | "small-circle" | "stateStart" => SmallCircle,
            "fr-circ" | "stop" | "framed-circle" | "stateEnd" => FramedCircle,
            "f-circ" | "junction" | "filled-circle" | "anchor" => FilledCircle,
            "cross-circ" | "summary" | "crossed-circle" => CrossedCircle,
            "ellipse" => Ellipse,
            "diamond" | "diam" | "decision" | "question" | "choice" => Diamond,
            "hexagon" | "hex" | "prepare" => Hexagon,
            "lean_right" | "lean-r" | "lean-right" | "in-out" => LeanRight,
            "lean_left" | "lean-l" | "lean-left" | "out-in" => LeanLeft,
            "trapezoid" | "trap-b" | "priority" | "trapezoid-bottom" => Trapezoid,
            "inv_trapezoid" | "inv-trapezoid" | "trap-t" | "manual" | "trapezoid-top" => {
                InvTrapezoid
            }
            "odd" | "rect_left_inv_arrow" => Odd,
            "text" | "labelRect" | "icon" => Text,
            "notch-rect" | "card" | "notched-rectangle" | "note" => Card,
            "lin-rect" | "lined-rectangle" | "lined-process" | "lin-proc" | "shaded-process" => {
                LinedRect
            }
            "div-rect" | "div-proc" | "divided-rectangle" | "divided-process" | "rectWithTitle"
            | "classBox" | "erBox" | "requirementBox" => DividedRect,
            "win-pane" | "internal-storage" | "window-pane" => WindowPane,
            "doc" | "document" => Document,
            "lin-doc" | "lined-document" => LinedDocument,
            "docs" | "documents" | "st-doc" | "stacked-document" => StackedDocument,
            "tag-doc" | "tagged-document" => TaggedDocument,
            "st-rect" | "procs" | "processes" | "stacked-rectangle" => StackedRect,
            "tag-rect" | "tagged-rectangle" | "tag-proc" | "tagged-process" => TaggedRect,
            "delay" | "half-rounded-rectangle" => Delay,
            "curv-trap" | "curved-trapezoid" | "display" => Display,
            "tri" | "extract" | "triangle" => Triangle,
            "flip-tri" | "manual-file" | "flipped-triangle" => FlippedTriangle,
            "notch-pent" | "loop-limit" | "notched-pentagon" => NotchedPentagon,
            "sl-rect" | "manual-input" | "sloped-rectangle" => SlopedRect,
            "bow-rect" | "stored-data" | "bow-tie-rectangle" => BowTieRect,
            "flag" | "paper-tape" => Flag,
            "hourglass" | "collate" => Hourglass,
            "fork" | "join" | "forkJoin" => ForkBar,
            "brace" | "comment" | "brace-l" => BraceLeft,
            "brace-r" => BraceRight,
            "braces" => Braces,
            "bolt" | "com-link" | "lightning-bolt" => Bolt,
            "cloud" => Cloud,
            "bang" => Bang,
            _ => Rect,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_unknown_and_badly_cased_shapes() {
        assert_eq!(shape_error("diam"), None);
        assert_eq!(shape_error("lin-cyl"), None);
        assert!(shape_error("this-shape-does-not-exist").is_some());
        assert!(
            shape_error("rect_left_inv_arrow")
                .unwrap()
                .contains("lowercase")
        );
        assert!(shape_error("squareRect").unwrap().contains("lowercase"));
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(closest_shape("cylinderr"), Some("cylinder"));
        assert_eq!(closest_shape("Diamond"), Some("diamond"));
        assert_eq!(closest_shape("message-queue"), None);
    }
}
